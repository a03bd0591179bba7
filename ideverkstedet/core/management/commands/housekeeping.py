from typing import Any

from django.core.management.base import BaseCommand

from ideverkstedet.core import housekeeping


class Command(BaseCommand):
    help = (
        "Run every app's housekeeping sweep: booking reminders and releases, outcome questions, waitlist offers, "
        "event reminders and evaluations, old rate-limit counters. Safe to repeat; run it every 10 minutes."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = housekeeping.run()
        self.stdout.write(", ".join(f"{key}: {value}" for key, value in counts.items()))

from typing import Any

from django.core.management.base import BaseCommand

from ideverkstedet.rooms.tasks import sweep


class Command(BaseCommand):
    help = (
        "Send due booking reminders, release bookings nobody checked in to, ask for outcomes. Safe to repeat."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = sweep()
        self.stdout.write(", ".join(f"{key}: {value}" for key, value in counts.items()))

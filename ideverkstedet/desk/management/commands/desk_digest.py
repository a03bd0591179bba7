from typing import Any

from django.core.management.base import BaseCommand

from ideverkstedet.desk.tasks import send_daily_digest


class Command(BaseCommand):
    help = "Send the advisers' daily digest of new and overdue requests (once a day per adviser; safe to repeat)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = send_daily_digest()
        self.stdout.write(f"Digests sent: {count}")

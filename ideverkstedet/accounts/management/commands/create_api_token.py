from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ideverkstedet.accounts.models import User
from ideverkstedet.accounts.services import api_token_create


class Command(BaseCommand):
    help = "Create a personal API token for the person with this email address and print it once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", default="Kommandolinje", help="What the token is for.")

    def handle(self, *args: Any, email: str, name: str, **options: Any) -> None:
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise CommandError(f"No active account with the address {email}.")
        _token, key = api_token_create(user=user, name=name)
        self.stdout.write(key)

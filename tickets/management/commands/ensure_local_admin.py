import os
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tickets.local_admin import ensure_local_admin


class Command(BaseCommand):
    help = "Create a local superuser for the demo if it does not exist (password from DJANGO_SUPERUSER_PASSWORD)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="admin")

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        created, generated = ensure_local_admin(username, os.environ.get("DJANGO_SUPERUSER_PASSWORD"))
        if generated:
            self.stdout.write(self.style.WARNING(f"Local admin created: {username} / {generated}  (shown only once)"))
        elif created:
            self.stdout.write(f"Local admin created: {username}, with the password in DJANGO_SUPERUSER_PASSWORD.")
        else:
            self.stdout.write(f"Local admin {username} already exists; its password is unchanged.")

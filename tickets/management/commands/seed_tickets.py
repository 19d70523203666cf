from typing import Any

from django.core.management.base import BaseCommand

from tickets.demo import seed_demo_tickets


class Command(BaseCommand):
    help = "Fill the queue with a realistic demo set of triaged tickets (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        created, present = seed_demo_tickets()
        if created:
            self.stdout.write(self.style.SUCCESS(f"Created {created} demo tickets ({present} were already there)."))
        else:
            self.stdout.write(f"The {present} demo tickets are already there; nothing added.")

from datetime import datetime, time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.timezone import make_aware

from tickets.retriage import retriage_tickets


def parse_since(value: str) -> datetime:
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise CommandError(f"--since takes a date (2026-11-01) or a date and time, not {value!r}.")
        moment = datetime.combine(day, time.min)
    return moment if moment.tzinfo else make_aware(moment)


class Command(BaseCommand):
    help = "Re-triage stored tickets with the current rules; fields staff corrected by hand are kept."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", help="only tickets created on or after this date")
        parser.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        since = parse_since(options["since"]) if options["since"] else None
        report = retriage_tickets(since=since, dry_run=options["dry_run"], batch_size=options["batch_size"])
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was written.")
        for line in report.lines():
            self.stdout.write(line)

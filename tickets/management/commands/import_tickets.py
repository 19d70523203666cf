from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tickets.import_workers import available_cpus
from tickets.importing import ticket_import_file


class Command(BaseCommand):
    help = (
        "Import tickets from a JSON-lines or CSV file (header row) with the API's create fields and, "
        "optionally, created_at and status. Each is triaged; bad rows are reported as `line N: reason`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="a .jsonl or .csv file")
        parser.add_argument("--batch-size", type=int, default=2000, help="tickets per insert transaction")
        parser.add_argument(
            "--workers",
            type=int,
            default=available_cpus(),
            help="processes that validate and triage rows while this one inserts (default: one per CPU)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        if options["workers"] < 1:
            raise CommandError("--workers must be at least 1.")
        try:
            report = ticket_import_file(
                path=path, batch_size=options["batch_size"], workers=options["workers"], on_refused=self.stderr.write
            )
        except UnicodeDecodeError as error:
            raise CommandError(f"{path} is not UTF-8 text ({error.reason} at byte {error.start}).") from None
        self.stdout.write(f"Imported {report.imported} tickets; refused {len(report.refused)} rows.")
        if report.refused:
            raise CommandError(f"{len(report.refused)} rows were refused (listed above); the others were imported.")

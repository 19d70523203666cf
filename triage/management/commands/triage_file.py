import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from triage.batch import triage_lines
from triage.evaluation import format_report, score_decisions
from triage.models import active_ruleset


class Command(BaseCommand):
    help = (
        "Triage every case of a JSON-lines file with the active rules and print one JSON object a line. "
        "Writes nothing to the database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="cases, one JSON object a line (see docs/triage/GUIDE.md)")
        parser.add_argument("--report", action="store_true", help="also score against the cases' gold labels")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        gold, predicted = [], []
        with path.open(encoding="utf-8", errors="replace") as lines:
            for result in triage_lines(lines, active_ruleset()):
                if result.error:
                    self.stderr.write(f"line {result.line}: {result.error}")
                    continue
                self.stdout.write(json.dumps(result.output, ensure_ascii=False))
                if result.gold:
                    gold.append(result.gold)
                    predicted.append(result.output)
        if options["report"]:
            if gold:
                self.stdout.write(format_report(score_decisions(gold, predicted), title=f"Triage report: {path.name}"))
            else:
                self.stdout.write("No case carries gold labels; nothing to score.")

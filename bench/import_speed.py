"""Import N synthetic tickets into a fresh SQLite file and print tickets per second.

Run from the repository root: python bench/import_speed.py [tickets]

The rows are bench.generate's (development-set messages with varied names,
e-mails, tiers, sources and history), with one bad row in every thousand so
the error path is timed too. The database is migrated before the clock
starts; the figure is the import alone, as `manage.py import_tickets` runs
it. CPU time is printed beside wall time: on a shared machine it is the
steadier of the two.
"""

import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BAD_ROWS = ['{"customer_name": "Bad", "customer_email": "not-an-address", "message": "hi"}', "{not json"]


def write_rows(path: Path, count: int) -> None:
    from bench.generate import ticket_rows

    with path.open("w", encoding="utf-8") as stream:
        for number, row in enumerate(ticket_rows(count, seed=11), start=1):
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
            if number % 1000 == 500:
                stream.write(BAD_ROWS[number // 1000 % len(BAD_ROWS)] + "\n")


def main(count: int) -> None:
    sys.path.insert(0, str(ROOT))  # run as a plain script from a fresh clone
    with tempfile.TemporaryDirectory(prefix="sf-import-") as folder:
        database, rows = Path(folder) / "import.sqlite3", Path(folder) / "tickets.jsonl"
        os.environ["DATABASE_URL"] = f"sqlite:///{database}"
        os.environ.setdefault("DJANGO_DEBUG", "1")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "supportflow_site.settings")
        import django

        django.setup()
        from django.core.management import call_command

        from tickets.importing import ticket_import_file

        write_rows(rows, count)
        call_command("migrate", verbosity=0)
        wall, cpu = time.perf_counter(), time.process_time()
        report = ticket_import_file(path=rows)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"{report.imported} tickets imported, {len(report.refused)} rows refused, in {wall:.2f} s: "
        f"{report.imported / wall:,.0f} tickets/second (CPU time {cpu:.2f} s: {report.imported / cpu:,.0f}/s)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)

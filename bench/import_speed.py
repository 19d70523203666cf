"""Import N synthetic tickets into a fresh SQLite file and print tickets per second.

Run from the repository root: python bench/import_speed.py [tickets] [--workers N]

The rows are bench.generate's (development-set messages with varied names,
e-mails, tiers, sources and history), with one bad row in every thousand so
the error path is timed too. The database is migrated before the clock
starts; the figure is the import alone, as `manage.py import_tickets` runs
it, with a worker process per CPU (`--workers N` to choose). The CPU time of
the importing process and of its workers is printed beside the wall time:
on a shared machine it says what the import itself cost.
"""

import argparse
import json
import os
import resource
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


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(count: int, workers: int | None) -> None:
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
        wall, cpu, workers_cpu = time.perf_counter(), time.process_time(), children_cpu()
        report = ticket_import_file(path=rows, workers=workers)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        workers_cpu = children_cpu() - workers_cpu
    print(
        f"{report.imported} tickets imported, {len(report.refused)} rows refused, in {wall:.2f} s: "
        f"{report.imported / wall:,.0f} tickets/second "
        f"(CPU time {cpu:.2f} s in the importing process, {workers_cpu:.2f} s in its workers)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tickets", type=int, nargs="?", default=20_000)
    parser.add_argument("--workers", type=int, help="as import_tickets --workers (default: one per CPU)")
    arguments = parser.parse_args()
    main(arguments.tickets, arguments.workers)

"""Time the unfiltered analytics summary in-process, optionally after filling the database fast.

Run from the repository root, DATABASE_URL naming a migrated database:
  python bench/summary_speed.py --fill 1000000   # add that many tickets first
  python bench/summary_speed.py                   # time the summary: function, then the view

`--fill` is for measuring only: bench.generate's rows, triaged by the engine,
go in by multi-row INSERTs (no API validation), so the ticket triggers fire
and keep every maintained table as any write would. Resolved and closed
tickets keep bench.generate's resolution time; half the open ones get an
assignee and 2% a corrected category or priority, so the median and the
work counts have something to read. Timings are the median of
`--runs` calls after one warm-up; the machine's noise applies.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BATCH = 500


def setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost")
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
    import django

    django.setup()


def fill(count: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from bench.generate import ticket_rows
    from tickets.models import Ticket
    from tickets.triaging import apply_triage, current_rules

    rng, now, rules = random.Random(3), datetime.now(UTC), current_rules()
    agent, _ = get_user_model().objects.get_or_create(username="bench-agent", defaults={"is_staff": True})
    fields = [f for f in Ticket._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    one_row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    batch: list[list[Any]] = []

    def insert() -> None:
        with connection.cursor() as cursor:
            sql = f"INSERT INTO tickets_ticket ({columns}) VALUES " + ", ".join([one_row] * len(batch))
            cursor.execute(sql, [value for row in batch for value in row])
        batch.clear()

    started = time.perf_counter()
    with transaction.atomic():
        for number, row in enumerate(ticket_rows(count, now=now), start=1):
            times = {name: datetime.fromisoformat(row[name]) for name in ("created_at", "resolved_at") if name in row}
            ticket = Ticket(**{**row, **times})
            apply_triage(ticket, rules)
            if ticket.status not in ("resolved", "closed") and rng.random() < 0.5:
                ticket.assignee_id = agent.pk
            ticket.category_corrected = rng.random() < 0.02
            ticket.priority_corrected = rng.random() < 0.02
            ticket.updated_at = now
            batch.append([f.get_db_prep_save(getattr(ticket, f.attname), connection) for f in fields])
            if len(batch) >= BATCH:
                insert()
            if number % 100_000 == 0:
                print(f"{number:,} tickets, {time.perf_counter() - started:.0f} s", flush=True)
        if batch:
            insert()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def timed(call: Any, runs: int) -> str:
    call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return f"median {statistics.median(times):.1f} ms, best {min(times):.1f} ms over {runs} runs"


def measure(runs: int) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    from tickets.analytics import summary
    from tickets.models import Ticket

    lead, _ = get_user_model().objects.get_or_create(username="bench-lead", defaults={"is_staff": True})
    lead.groups.add(Group.objects.get(name="Leads"))
    client = Client()
    client.force_login(lead)
    print(f"{Ticket.objects.count():,} tickets")
    print("summary(all tickets, maintained=True):", timed(lambda: summary(Ticket.objects.all(), maintained=True), runs))
    view = timed(lambda: client.get("/api/analytics/summary/", secure=True), runs)
    print("GET /api/analytics/summary/ (session, permissions, throttle included):", view)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fill", type=int, default=0, help="add this many tickets first")
    parser.add_argument("--runs", type=int, default=20)
    options = parser.parse_args()
    setup()
    if options.fill:
        fill(options.fill)
    measure(options.runs)

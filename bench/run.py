"""`make bench`: build N tickets, serve them as in production, load each operation with wrk, print one table.

Usage: python -m bench.run --tickets 100000 --db sqlite|postgres [--duration 8] [--connections 8]
       [--only "filtered analytics"]

Everything runs on 127.0.0.1. Each operation and its baseline are measured in
the same run, back to back; the ratio between them is the figure that counts.
"""

import argparse
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench import report
from bench.generate import ticket_rows, write_jsonl
from bench.wrk import Load, run_wrk

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"
PYTHON = sys.executable
HOST = "127.0.0.1"


@dataclass(frozen=True)
class Op:
    name: str
    load: Load
    baseline_name: str
    baseline: Load


def database_url(db: str, tickets: int) -> str:
    """sf_bench_N (a PostgreSQL database, or a file in bench/.data/); BENCH_DB_PREFIX replaces `sf_bench`."""
    name = f"{os.environ.get('BENCH_DB_PREFIX') or 'sf_bench'}_{tickets}"
    if db == "postgres":
        base = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
        return f"{base}/{name}"
    return f"sqlite:///{DATA / f'{name}.sqlite3'}"


def server_env(url: str, port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=f"{HOST},localhost",
        DJANGO_DEBUG="0",
        DJANGO_BEHIND_TLS_PROXY="1",
        DJANGO_LOG_LEVEL="WARNING",
        SUPPORTFLOW_STAFF_RATE="100000000/minute",
        SUPPORTFLOW_ANON_RATE="100000000/minute",
        GUNICORN_BIND=f"{HOST}:{port}",
    )
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
    return env


def manage(env: dict[str, str], *args: str, quiet: bool = False) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0 and not quiet:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr[-3000:]}")
    return result.stdout


def ticket_count(env: dict[str, str]) -> int:
    code = "from tickets.models import Ticket; print(Ticket.objects.count())"
    out = manage(env, "shell", "-v", "0", "-c", code, quiet=True).strip()
    return int(out) if out.isdigit() else -1


def build(env: dict[str, str], db: str, url: str, tickets: int) -> float | None:
    """Create the database with `tickets` imported tickets; returns the import rate, None when reused."""
    if ticket_count(env) >= tickets:
        print(f"Reusing {url} ({tickets} tickets or more).")
        return None
    if db == "postgres":
        name = url.rsplit("/", 1)[1]
        subprocess.run(["dropdb", "-h", HOST, "-U", "postgres", "--if-exists", name], check=True)
        subprocess.run(["createdb", "-h", HOST, "-U", "postgres", name], check=True)
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    manage(env, "migrate", "--no-input", "-v", "0")
    with tempfile.TemporaryDirectory() as tmp:
        print(f"Generating {tickets} tickets ...", flush=True)
        path = write_jsonl(Path(tmp) / "tickets.jsonl", tickets)
        print("Importing them with manage.py import_tickets ...", flush=True)
        started = time.perf_counter()
        manage(env, "import_tickets", str(path))
        rate = tickets / (time.perf_counter() - started)
    if db == "postgres":
        subprocess.run(["psql", "-h", HOST, "-U", "postgres", "-d", url.rsplit("/", 1)[1], "-qc", "VACUUM ANALYZE"])
    print(f"Imported at {rate:,.0f} tickets/s.")
    return rate


def staff_token(env: dict[str, str]) -> str:
    code = (
        "from django.contrib.auth import get_user_model; from django.contrib.auth.models import Group; "
        "from rest_framework.authtoken.models import Token; "
        "u, _ = get_user_model().objects.get_or_create(username='bench', defaults={'is_staff': True}); "
        # A lead: every benchmarked operation, analytics included, is within the role.
        "u.groups.add(Group.objects.get(name='Leads')); "
        "print(Token.objects.get_or_create(user=u)[0].key)"
    )
    return manage(env, "shell", "-v", "0", "-c", code).strip().splitlines()[-1]


def open_ticket_ids(env: dict[str, str], limit: int = 2000) -> list[int]:
    code = (
        "from tickets.models import Ticket; "
        f"print(' '.join(str(i) for i in Ticket.objects.exclude(status='closed').values_list('id', flat=True)[:{limit}]))"
    )
    return [int(i) for i in manage(env, "shell", "-v", "0", "-c", code).split()]


def start_server(env: dict[str, str], port: int) -> subprocess.Popen:
    manage(env, "collectstatic", "--no-input", "-v", "0")
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "--config", "gunicorn.conf.py"], cwd=ROOT, env=env
    )
    for _ in range(60):
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=1) as answer:
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    sys.exit("The server did not answer /healthz.")


def operations(ids: list[int]) -> list[Op]:
    rng = random.Random(7)
    bodies = [
        {k: v for k, v in row.items() if k not in ("created_at", "status")}
        for row in ticket_rows(200, seed=11, now=datetime.now(UTC))
    ]
    since = (datetime.now(UTC) - timedelta(days=90)).date().isoformat()
    words = ["invoice", "refund", "SKU1234", "Zürich", '"cannot login"', "upgr*", "order 000042", "password reset"]
    list_query = "status=open,in_progress&priority=high,urgent&page_size=50"
    health = Load("GET", ["/healthz"])
    detail_paths = [f"/api/tickets/{rng.choice(ids)}/" for _ in range(500)]
    status_paths = [f"/api/tickets/{rng.choice(ids)}/status/" for _ in range(500)]
    statuses = [f'{{"status": "{rng.choice(["open", "in_progress", "waiting_customer"])}"}}' for _ in range(500)]
    search = [f"q={urllib.parse.quote(w)}&page_size=50" for w in words]
    return [
        Op(
            "create",
            Load("POST", ["/api/tickets/"], report.json_bodies(bodies)),
            "bare insert",
            Load("POST", ["/bench/baseline/create"], report.json_bodies(bodies)),
        ),
        Op(
            "list with filters",
            Load("GET", [f"/api/tickets/?{list_query}"]),
            ".values() + orjson",
            Load("GET", ["/bench/baseline/list"]),
        ),
        Op(
            "search",
            Load("GET", [f"/api/tickets/?{q}" for q in search]),
            "raw SQL",
            Load("GET", [f"/bench/baseline/search?{q}" for q in search]),
        ),
        Op("detail", Load("GET", detail_paths), "/healthz", health),
        Op("status change", Load("PATCH", status_paths, statuses), "/healthz", health),
        Op(
            "analytics summary",
            Load("GET", ["/api/analytics/summary/"]),
            "raw SQL",
            Load("GET", ["/bench/baseline/summary"]),
        ),
        Op(
            "filtered analytics",
            Load("GET", [f"/api/analytics/summary/?created_after={since}&category=billing"]),
            "raw SQL",
            Load("GET", [f"/bench/baseline/summary-filtered?created_after={since}&category=billing"]),
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--duration", type=int, default=8, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--max-requests", type=int, default=200_000, help="per measurement")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--only", action="append", metavar="NAME", help="measure only this operation (repeatable); no report written"
    )
    args = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    url = database_url(args.db, args.tickets)
    env = server_env(url, args.port)
    import_rate = build(env, args.db, url, args.tickets)
    manage(env, "migrate", "--no-input", "-v", "0")  # a reused database gets the code's latest schema
    if args.db == "sqlite":
        # Planner statistics, as VACUUM ANALYZE gives PostgreSQL after the import.
        manage(
            env, "shell", "-v", "0", "-c", "from django.db import connection; connection.cursor().execute('ANALYZE')"
        )
    token = staff_token(env)
    ids = open_ticket_ids(env)
    engine_rate = 0.0
    if not args.only:
        engine_rate = report.engine_speed()
        print(f"Triage engine: {engine_rate:,.0f} messages/s on one core.")
    server = start_server(env, args.port)
    rows = []
    try:
        base_url = f"http://{HOST}:{args.port}"
        headers = {"Authorization": f"Token {token}", "X-Forwarded-Proto": "https"}
        with tempfile.TemporaryDirectory() as tmp:
            ceiling = run_wrk(base_url, Load("GET", ["/healthz"]), headers, args, Path(tmp))
            for op in operations(ids):
                if args.only and op.name not in args.only:
                    continue
                print(f"Measuring {op.name} ...", flush=True)
                measured = run_wrk(base_url, op.load, headers, args, Path(tmp))
                baseline = run_wrk(base_url, op.baseline, headers, args, Path(tmp))
                rows.append((op, measured, baseline))
    finally:
        server.terminate()
        server.wait(timeout=30)
    table = report.table(rows, ceiling)
    print()
    print(table)
    if not args.only:
        report.write(args, table, import_rate, engine_rate)


if __name__ == "__main__":
    main()

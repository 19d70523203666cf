"""The benchmark's table, the engine's speed, and docs/PERFORMANCE.md."""

import argparse
import json
import os
import platform
import sqlite3
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = ROOT / "docs" / "performance"
DOC = ROOT / "docs" / "PERFORMANCE.md"


def json_bodies(rows: list[dict[str, Any]]) -> list[str]:
    return [json.dumps(row, ensure_ascii=False) for row in rows]


def engine_speed(seconds: float = 3.0) -> float:
    """Messages per second through the triage engine alone, on one core, over the development set."""
    from triage.engine import TicketFacts, triage
    from triage.rules import load_default_rules

    rules = load_default_rules()
    with (ROOT / "docs" / "triage" / "dev.jsonl").open(encoding="utf-8") as stream:
        rows = [json.loads(line) for line in stream if line.strip()]
    facts = [TicketFacts(r.get("subject", ""), r["message"], r["customer_tier"], r["source"]) for r in rows]
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        for fact in facts:
            triage(fact, rules)
        done += len(facts)
    return done / (time.perf_counter() - started)


def table(rows: list[tuple[Any, Any, Any]], ceiling: Any) -> str:
    lines = [
        "| operation | req/s | p50 ms | p99 ms | baseline | baseline req/s | baseline p50 ms | baseline p99 ms "
        "| ratio (baseline req/s ÷ req/s) |",
        "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |",
        f"| /healthz (the stack's ceiling) | {ceiling.requests_per_second:,.0f} | {ceiling.p50_ms:.1f} "
        f"| {ceiling.p99_ms:.1f} | | | | | |",
    ]
    for op, measured, baseline in rows:
        ratio = baseline.requests_per_second / measured.requests_per_second if measured.requests_per_second else 0
        errors = f" ({measured.errors} errors)" if measured.errors else ""
        base_errors = f" ({baseline.errors} errors)" if baseline.errors else ""
        lines.append(
            f"| {op.name}{errors} | {measured.requests_per_second:,.0f} | {measured.p50_ms:.1f} | {measured.p99_ms:.1f} "
            f"| {op.baseline_name}{base_errors} | {baseline.requests_per_second:,.0f} | {baseline.p50_ms:.1f} "
            f"| {baseline.p99_ms:.1f} | {ratio:.2f}x |"
        )
    return "\n".join(lines)


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    memory_kb = next(
        (
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )
    postgres = subprocess.run(["psql", "--version"], capture_output=True, text=True, check=False).stdout.strip()
    return (
        f"{cpu}, {os.cpu_count()} CPUs (shared), {memory_kb / 1024 / 1024:.1f} GiB RAM; {platform.platform()}; "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, {postgres or 'no psql'}"
    )


def write(args: argparse.Namespace, result_table: str, import_rate: float | None, engine_rate: float) -> Path:
    """Keep one section per (database, size) and rebuild docs/PERFORMANCE.md from them."""
    SECTIONS.mkdir(parents=True, exist_ok=True)
    section = SECTIONS / f"{args.db}-{args.tickets}.md"
    imported = f"{import_rate:,.0f} tickets/s" if import_rate else _earlier_import(section)
    section.write_text(
        f"## {args.tickets:,} tickets on {'PostgreSQL' if args.db == 'postgres' else 'SQLite'}\n\n"
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine()}.\n"
        f"`make bench TICKETS={args.tickets} BENCH_DB={args.db}`; wrk, 2 threads, {args.connections} connections, "
        f"{args.duration} s per measurement.\n\n"
        f"{result_table}\n\n"
        f"- Import (`manage.py import_tickets`, validation and triage included): {imported}.\n"
        f"- Triage engine alone, one core, development set: {engine_rate:,.0f} messages/s.\n",
        encoding="utf-8",
    )
    header = (ROOT / "bench" / "PERFORMANCE_HEADER.md").read_text(encoding="utf-8")
    sections = sorted(SECTIONS.glob("*.md"), key=lambda p: (p.stem.split("-")[0] != "postgres", p.stem))
    DOC.write_text(header + "\n" + "\n".join(p.read_text(encoding="utf-8") for p in sections), encoding="utf-8")
    print(f"Wrote {DOC.relative_to(ROOT)}.")
    return DOC


def _earlier_import(section: Path) -> str:
    """A reused database keeps the import rate measured when it was built."""
    if section.exists():
        for line in section.read_text(encoding="utf-8").splitlines():
            if line.startswith("- Import") and "tickets/s" in line:
                rate = line.split(": ", 1)[1].split(" tickets/s")[0]
                return f"{rate} tickets/s (measured when this database was built)"
    return "not measured (database reused)"

"""Triage the dev set repeatedly for a few seconds and print messages per second.

Run from the repository root: python bench/engine_speed.py [seconds]
"""

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from triage.engine import TicketFacts, triage
from triage.rules import load_default_rules

DEV_SET = Path(__file__).resolve().parent.parent / "docs" / "triage" / "dev.jsonl"


def main(seconds: float = 3.0) -> None:
    rows = [
        json.loads(line) for line in DEV_SET.read_text().splitlines() if line.strip()
    ]
    facts = [
        TicketFacts(r["subject"], r["message"], r["customer_tier"], r["source"])
        for r in rows
    ]
    rules = load_default_rules()
    for item in facts:  # warm the compiled matcher and the word caches
        triage(item, rules)
    done = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for item in facts:
            triage(item, rules)
        done += len(facts)
    elapsed = time.perf_counter() - start
    print(
        f"{done} messages in {elapsed:.2f}s: {done / elapsed:,.0f} messages/second (one core)"
    )


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 3.0)

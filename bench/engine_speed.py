"""Triage the dev set repeatedly for a few seconds and print messages per second.

Run from the repository root: python bench/engine_speed.py [seconds]

The run is split into passes over the dev set; like `timeit`, the best pass
is the figure that least depends on other processes sharing the machine,
and the median is printed beside it.
"""

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV_SET = ROOT / "docs" / "triage" / "dev.jsonl"


def main(seconds: float = 3.0) -> None:
    sys.path.insert(0, str(ROOT))  # run as a plain script from a fresh clone
    from triage.engine import TicketFacts, triage
    from triage.rules import load_default_rules

    rows = [json.loads(line) for line in DEV_SET.read_text().splitlines() if line.strip()]
    facts = [TicketFacts(r["subject"], r["message"], r["customer_tier"], r["source"]) for r in rows]
    rules = load_default_rules()
    for item in facts:  # warm the compiled matcher and the word caches
        triage(item, rules)
    rates = []
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        begin = time.process_time()
        for item in facts:
            triage(item, rules)
        elapsed = time.process_time() - begin
        if elapsed > 0:
            rates.append(len(facts) / elapsed)
    total = len(rates) * len(facts)
    print(
        f"{total} messages in {len(rates)} passes, one core: "
        f"best {max(rates):,.0f} messages/second, median {statistics.median(rates):,.0f}"
    )


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 3.0)

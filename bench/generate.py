"""Synthetic tickets for the benchmark, built from the triage development set.

Messages are the development set's, each with a few extra words (a product
code, an order number, a city) so the search index holds a realistic spread
of common and rare words; creation times spread over three years, older
tickets mostly resolved or closed.
"""

import json
import random
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

DEV_SET = Path(__file__).resolve().parent.parent / "docs" / "triage" / "dev.jsonl"
FIRST = ["Ava", "Ben", "Cleo", "Dan", "Eve", "Fay", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lea", "Mia", "Noé", "Óscar"]
LAST = ["Stone", "Müller", "Okafor", "Silva", "Nakamura", "Rossi", "Dubois", "Novak", "Kowalski", "García"]
CITIES = ["Lisbon", "Zürich", "Nairobi", "Osaka", "Québec", "Tromsø", "Kraków", "Medellín", "Hobart", "Tbilisi"]
SPAN = timedelta(days=3 * 365)


def dev_messages() -> list[dict]:
    with DEV_SET.open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def ticket_rows(count: int, *, seed: int = 5, now: datetime | None = None) -> Iterator[dict]:
    rng = random.Random(seed)
    now = now or datetime.now(UTC)
    messages = dev_messages()
    for i in range(count):
        base = rng.choice(messages)
        first, last = rng.choice(FIRST), rng.choice(LAST)
        age = SPAN * (rng.random() ** 2)  # more recent tickets than old ones
        status = _status_for(age, rng)
        extra = f" Order {rng.randrange(10**6):06d}, product SKU{rng.randrange(5000)} in {rng.choice(CITIES)}."
        yield (
            {
                "customer_name": f"{first} {last}",
                "customer_email": f"{_ascii(first).lower()}.{i}@customer{rng.randrange(2000)}.example",
                "subject": base.get("subject", ""),
                "message": base["message"] + extra,
                "source": base.get("source", "email"),
                "customer_tier": base.get("customer_tier", "standard"),
                "created_at": (now - age).isoformat(),
                "status": status,
                **_resolution(now - age, status, now, rng),
            }
        )


def _resolution(created: datetime, status: str, now: datetime, rng: random.Random) -> dict[str, str]:
    """When a resolved or closed ticket was resolved: minutes to days after it came in, never in the future."""
    if status not in ("resolved", "closed"):
        return {}
    took = timedelta(hours=rng.lognormvariate(2.0, 1.2))  # a median of about 7 hours, a long tail
    return {"resolved_at": min(created + took, now).isoformat()}


def _status_for(age: timedelta, rng: random.Random) -> str:
    if age > timedelta(days=30):
        return rng.choice(["resolved", "closed", "closed", "closed"])
    return rng.choice(["open", "open", "in_progress", "waiting_customer", "resolved"])


def write_jsonl(path: Path, count: int, *, seed: int = 5) -> Path:
    with path.open("w", encoding="utf-8") as stream:
        for row in ticket_rows(count, seed=seed):
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()

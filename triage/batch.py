"""Triage a file of cases (one JSON object a line), in the format of docs/triage/GUIDE.md.

Plain Python: the `triage_file` command hands it the active rules and prints what it yields.
"""

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from triage.decision import TicketFacts
from triage.engine import triage
from triage.rules import RuleSet
from triage.vocabulary import CATEGORIES, PRIORITIES, SENTIMENTS, SOURCES, TIERS

GOLD_FIELDS = {"category": CATEGORIES, "priority": PRIORITIES, "sentiment": SENTIMENTS}


@dataclass(frozen=True)
class CaseResult:
    line: int
    output: dict[str, Any] | None = None
    gold: dict[str, str] | None = None
    error: str | None = None


def _facts(case: Any) -> TicketFacts:
    if not isinstance(case, dict):
        raise ValueError("a case must be a JSON object")
    subject, message = case.get("subject", ""), case.get("message")
    if not isinstance(message, str) or not message.strip():
        raise ValueError("'message' must be non-empty text")
    if not isinstance(subject, str):
        raise ValueError("'subject' must be text")
    tier, source = case.get("customer_tier", "standard"), case.get("source", "web")
    if tier not in TIERS:
        raise ValueError(f"unknown customer_tier {tier!r}; allowed: {', '.join(TIERS)}")
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}; allowed: {', '.join(SOURCES)}")
    return TicketFacts(subject=subject, message=message, customer_tier=tier, source=source)


def _gold(case: dict[str, Any]) -> dict[str, str] | None:
    labels = {field: case.get(field) for field in GOLD_FIELDS}
    if all(labels[field] in allowed for field, allowed in GOLD_FIELDS.items()):
        return labels  # type: ignore[return-value]
    return None


def triage_lines(lines: Iterable[str], rules: RuleSet) -> Iterator[CaseResult]:
    """One result per non-blank line: the decision (with the case's id), or why the line was refused."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
            facts = _facts(case)
        except ValueError as error:
            yield CaseResult(line=number, error=str(error))
            continue
        decision = triage(facts, rules).as_dict()
        yield CaseResult(line=number, output={"id": case.get("id"), **decision}, gold=_gold(case))

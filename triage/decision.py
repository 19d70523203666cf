"""The engine's input and output: frozen, plain, JSON-friendly dataclasses."""

from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any


@dataclass(frozen=True)
class TicketFacts:
    """What the engine knows about a ticket (the customer's name is not needed)."""

    subject: str
    message: str
    customer_tier: str = "standard"
    source: str = "web"


@dataclass(frozen=True)
class Reason:
    """One piece of evidence or one adjustment behind a decision.

    `output` is the field it supports (category, priority, sentiment),
    `value` the value it supports, `rule` the phrase or adjustment name,
    `weight` its contribution (0 for adjustments), `detail` a sentence for staff.
    """

    output: str
    value: str
    rule: str
    weight: float
    detail: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class TriageDecision:
    """The engine's answer for one ticket, with the reasons that produced it."""

    category: str
    priority: str
    priority_score: int
    sentiment: str
    assigned_team: str
    suggested_reply: str
    next_action: str
    reasons: tuple[Reason, ...]
    rules_version: str

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["reasons"] = [reason.as_dict() for reason in self.reasons]
        return data


def new_decision(**fields: Any) -> TriageDecision:
    """A TriageDecision built for the engine's hot path.

    The frozen dataclass's `__init__` sets each of the nine fields through
    `object.__setattr__`, which costs more than the rest of a short ticket's
    decision steps; the instance takes the keyword arguments' dict instead. The
    object is the same: same fields, equality, hash and repr.
    """
    decision = object.__new__(TriageDecision)
    object.__setattr__(decision, "__dict__", fields)  # the call's own fresh dict, taken as it is
    return decision


@lru_cache(maxsize=4096)
def reason(output: str, value: str, rule: str, weight: float, detail: str) -> Reason:
    """A shared Reason: decisions repeat the same explanations, and they are immutable."""
    return Reason(output, value, rule, weight, detail)

"""The bridge between tickets and the rule engine: facts in, decision out, corrections kept.

`Ticket.save()` calls `apply_triage`; paths that skip `save()` (bulk imports)
call it by name too, so every ticket is triaged the same way.
"""

from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Any

from tickets.choices import CORRECTABLE_FIELDS, TRACKED_TRIAGE_FIELDS, EventSource
from tickets.models import Ticket, TicketEvent
from triage.decision import Reason
from triage.engine import TicketFacts, TriageDecision, triage
from triage.rules import RuleSet
from triage.vocabulary import clamp_to_band

WRITTEN_FIELDS = (
    *TRACKED_TRIAGE_FIELDS,
    "suggested_reply",
    "next_action",
    "triage_reasons",
    "rules_version",
)


# `Reason.as_dict()` goes through `dataclasses.asdict`, which deep-copies field by field: on a
# bulk import that was a third of the triage time. Its fields are plain strings and a number,
# so a flat read of the same fields gives the same dict.
REASON_FIELDS = tuple(f.name for f in fields(Reason))


def reason_dict(reason: Reason) -> dict[str, Any]:
    return {name: getattr(reason, name) for name in REASON_FIELDS}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


def current_rules() -> RuleSet:
    from triage.models import active_ruleset

    return active_ruleset()


def facts_for(ticket: Ticket) -> TicketFacts:
    return TicketFacts(
        subject=ticket.subject or "",
        message=ticket.message or "",
        customer_tier=ticket.customer_tier,
        source=ticket.source,
    )


def apply_triage(ticket: Ticket, rules: RuleSet | None = None) -> list[FieldChange]:
    """Triage the ticket in memory and return what changed in its tracked fields."""
    rules = rules or current_rules()
    decision = triage(facts_for(ticket), rules)
    return apply_decision(ticket, decision, rules)


def apply_decision(ticket: Ticket, decision: TriageDecision, rules: RuleSet) -> list[FieldChange]:
    before = {field: getattr(ticket, field) for field in TRACKED_TRIAGE_FIELDS}
    for field in CORRECTABLE_FIELDS:
        if not getattr(ticket, f"{field}_corrected"):
            setattr(ticket, field, getattr(decision, field))
    if ticket.category_corrected and not ticket.assigned_team_corrected:
        # The team follows the category staff chose, not the one the engine proposed.
        ticket.assigned_team = rules.team_for_category.get(ticket.category, decision.assigned_team)
    ticket.priority_score = clamp_to_band(decision.priority_score, ticket.priority)
    ticket.suggested_reply = decision.suggested_reply
    ticket.next_action = decision.next_action
    ticket.triage_reasons = [reason_dict(reason) for reason in decision.reasons]
    ticket.rules_version = decision.rules_version
    return [
        FieldChange(field, str(old), str(getattr(ticket, field)))
        for field, old in before.items()
        if old is not None and old != "" and old != getattr(ticket, field)
    ]


def record_engine_changes(ticket: Ticket, changes: Iterable[FieldChange]) -> None:
    TicketEvent.objects.bulk_create(
        TicketEvent(
            ticket=ticket, field=c.field, old_value=c.old, new_value=c.new, actor=None, source=EventSource.ENGINE
        )
        for c in changes
    )

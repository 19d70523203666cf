"""Priority level, the guide's adjustments in order, and the score in its band."""

from functools import lru_cache

from triage.decision import Reason, reason
from triage.evidence import Evidence
from triage.hits import RULE
from triage.vocabulary import PRIORITIES, PRIORITY_BANDS, clamp_to_band

LOW, MEDIUM, HIGH, URGENT = range(4)
URGENT_ALONE = ("outage", "team_blocked", "data_loss", "security")
HIGH_ALONE = ("refund_demand", "double_charge", "suspended", "cancel_threat")
ANGER_SIGNALS = ("anger", "repeat_contact", "cancel_threat")
WEAK_DEADLINE_NEEDS = ("request", "blocked", "urgency_claim")
# Every signal that can raise the base level: a ticket with none of them keeps it.
RAISING = frozenset(URGENT_ALONE + HIGH_ALONE + ("many_affected", "urgency_claim", "broken", "deadline"))
# The same names as sets, to ask "any of these?" of a dict of signals in one call
# (`frozenset.isdisjoint(signals)` needs no keys view).
_URGENT_ALONE, _HIGH_ALONE, _ANGER = frozenset(URGENT_ALONE), frozenset(HIGH_ALONE), frozenset(ANGER_SIGNALS)
# Where a level's score starts inside its band; each extra supporting reason adds 5.
BASE_OFFSET = {LOW: 15, MEDIUM: 10, HIGH: 5, URGENT: 5}
STEP = 5
PREMIUM_BONUS = 4


def _reason(level: int, rule: str, detail: str) -> Reason:
    return reason("priority", PRIORITIES[level], rule, 0.0, detail)


_BASE_REASONS = {
    LOW: _reason(LOW, "base", "no impact and no hurry"),
    MEDIUM: _reason(MEDIUM, "base", "a problem or a request"),
}


def _first_phrase(evidence: Evidence, signal: str) -> str:
    return evidence.signals[signal][0][RULE].phrase


@lru_cache(maxsize=4096)  # keyed by the phrase itself, whose hash is kept: no sentence built to look one up
def _raising(level: int, signal: str, phrase: str) -> Reason:
    """The reason a signal, told by `phrase`, raises the level to `level`."""
    return _reason(level, signal, f"'{phrase}' signals {signal.replace('_', ' ')}")


def is_problem(evidence: Evidence, category: str) -> bool:
    """Something is broken, wrong or blocked (what enterprise tier raises)."""
    return evidence.has_problem or category == "technical"


def _has_deadline(evidence: Evidence) -> bool:
    """A firm deadline, or a weak one ("today") next to an ask or a blocker.

    "It failed today" says when something happened, not by when it is needed,
    so a weak deadline phrase (weight below 1) counts only when the customer
    asks for something or cannot proceed.
    """
    hits = evidence.signals.get("deadline")
    if not hits:
        return False
    if any(h[RULE].weight >= 1 for h in hits):
        return True
    return evidence.has(*WEAK_DEADLINE_NEEDS)


def base_level(evidence: Evidence, category: str, praise_main: bool) -> tuple[int, list[Reason]]:
    """The level from the guide's table, before any adjustment.

    Signal checks are written inline (`in`), not through `Evidence.has`: this
    runs for every ticket, and a call costs more than the check itself.
    """
    signals = evidence.signals
    problem = evidence.has_problem or category == "technical"  # `is_problem`
    # Asking again is asking; account administration always needs someone to act.
    acting = "request" in signals or "repeat_contact" in signals or category == "account"
    level = MEDIUM if problem or acting else LOW
    if praise_main or (category == "general" and not evidence.has_problem):
        level = LOW  # how-to, feature requests, feedback and praise have no impact
    reasons = [_BASE_REASONS[level]]
    if RAISING.isdisjoint(signals):
        return level, reasons  # the common case: one C-level check, and the base level stands
    urgent = [] if _URGENT_ALONE.isdisjoint(signals) else [s for s in URGENT_ALONE if s in signals]
    if "many_affected" in signals and problem and "workaround" not in signals:
        urgent.append("many_affected")  # with a workaround, nobody's work has stopped
    if "urgency_claim" in signals and "blocked" in signals:
        urgent.append("urgency_claim")  # says urgent AND something is blocked
    high = [] if _HIGH_ALONE.isdisjoint(signals) else [s for s in HIGH_ALONE if s in signals]
    if "broken" in signals and "workaround" not in signals:
        high.append("broken")
    asking = "question" in signals or "request" in signals  # a how-to or a request with a deadline is high
    if "deadline" in signals and _has_deadline(evidence) and not praise_main and (level or asking):
        high.append("deadline")
    if not urgent and not high:
        return level, reasons  # the common case: the base level stands
    for names, target in ((urgent, URGENT), (high, HIGH)):
        if names and level < target:
            level = target
            reasons = []
        if names and level == target:
            reasons += [_raising(target, name, _first_phrase(evidence, name)) for name in names]
    return level, reasons


def adjust(level: int, evidence: Evidence, category: str, tier: str, praise_main: bool) -> tuple[int, list[Reason]]:
    """The guide's adjustments, in order: tier, negated urgency, anger."""
    reasons: list[Reason] = []
    signals = evidence.signals
    problem = evidence.has_problem or category == "technical"  # `is_problem`, inline as in `base_level`
    if tier == "enterprise" and problem and not praise_main and level < URGENT:
        level += 1
        reasons.append(_reason(level, "enterprise_raise", "enterprise tier raises a problem one level"))
    if "negated_urgency" in signals and level > LOW:
        level -= 1
        phrase = _first_phrase(evidence, "negated_urgency")
        reasons.append(_reason(level, "negated_urgency", f"'{phrase}' lowers the level by one"))
    # The guide lifts a medium *problem*: anger at a price stays medium, while a request
    # the customer has had to repeat has become a problem of its own.
    if (
        level == MEDIUM
        and (not _ANGER.isdisjoint(signals) or evidence.sarcasm or evidence.shouting > 0)
        and (problem or "repeat_contact" in signals)
    ):
        level = HIGH
        reasons.append(_reason(level, "anger", "clear anger lifts a medium ticket to high"))
    return level, reasons


@lru_cache(maxsize=256)  # a few levels, supports and tiers: each score is computed once
def score(level: int, support: int, tier: str) -> int:
    """A score inside the level's band: stronger evidence and premium tier score higher."""
    low, _ = PRIORITY_BANDS[PRIORITIES[level]]
    value = low + BASE_OFFSET[level] + STEP * max(0, support - 1)
    if tier == "premium":
        value += PREMIUM_BONUS  # premium moves the score, never the level
    return clamp_to_band(value, PRIORITIES[level])

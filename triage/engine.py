"""The triage engine: facts in, a decision with its reasons out.

Pure and deterministic: the same facts and rules always give the same
decision, any text is accepted, and only values from `vocabulary` come out.
"""

from itertools import accumulate

from triage import priority as prio
from triage import urgency
from triage.decision import Reason, TicketFacts, TriageDecision, new_decision, reason
from triage.evidence import PROBLEM_SIGNALS, Evidence, collect, hit_reasons
from triage.hits import RULE, START
from triage.replies import next_action, suggested_reply
from triage.rules import RuleSet, load_default_rules
from triage.text import BOUNDARY, normalise_words
from triage.vocabulary import CATEGORIES, PRIORITIES, TIERS

__all__ = ["Reason", "TicketFacts", "TriageDecision", "triage"]

MIN_CATEGORY_EVIDENCE = 2.0  # below this, nothing concrete: general
TIE_MARGIN = 1.0  # categories this close to the best are a tie (guide tie-break 4)
PRAISE_ALONE = 2.0  # positive weight that makes praise the main point ...
PRAISE_OVER_BUSINESS = 3.0  # ... or the main point next to a request or problem
NEGATIVE_MIN = 1.5
SIGNAL_RANK = {
    "outage": 3,
    "team_blocked": 3,
    "data_loss": 3,
    "security": 3,
    "broken": 2,
    "double_charge": 2,
    "suspended": 2,
    "blocked": 1,
    "problem": 1,
}
# Signals listed in a decision's reasons (the rest only shape the logic).
REPORTED_SIGNALS = PROBLEM_SIGNALS | frozenset(
    {
        "many_affected",
        "urgency_claim",
        "negated_urgency",
        "deadline",
        "refund_demand",
        "cancel_threat",
        "anger",
        "repeat_contact",
        "workaround",
        "resolved",
    }
)
BUSINESS_SIGNALS = (
    "request",
    "question",
    "feature_request",
    "refund_demand",
    "deadline",
)

# As sets, to ask "any of these?" of a dict of signals in one call.
_BUSINESS, _ANGER = frozenset(BUSINESS_SIGNALS), frozenset(prio.ANGER_SIGNALS)


def _praise_is_main(evidence: Evidence) -> bool:
    """Thanks or praise with nothing to act on: general, low, positive.

    A question next to strong praise is an aside ("love it! is there a
    wifi-only setting btw?"); next to mild praise it is the point.
    """
    if not evidence.positive:
        return False  # the common case: no praise at all
    signals = evidence.signals  # checked inline: a call to `Evidence.has` costs more than the check
    if evidence.sarcasm or evidence.has_problem or "request" in signals or "refund_demand" in signals:
        return False
    needed = PRAISE_OVER_BUSINESS if not _BUSINESS.isdisjoint(signals) else PRAISE_ALONE
    return evidence.positive >= needed and evidence.positive > evidence.negative


def _blocking_ranks(evidence: Evidence, categories: list[str]) -> dict[str, int]:
    """How blocking the problems told in the same clauses as each category's words are."""
    ranked = [
        (SIGNAL_RANK[name], h[START]) for name, hits in evidence.signals.items() if name in SIGNAL_RANK for h in hits
    ]
    if not ranked:
        return dict.fromkeys(categories, 0)
    clause_of = list(accumulate(map(BOUNDARY.__eq__, evidence.tokens)))
    ranks = {}
    for category in categories:
        clauses = {clause_of[h[START]] for h in evidence.category_hits.get(category, ())}
        ranks[category] = max((r for r, start in ranked if clause_of[start] in clauses), default=0)
    return ranks


_LOGIN_TOKENS = frozenset(normalise_words("login logout"))


def _names_login(evidence: Evidence) -> bool:
    return any(not _LOGIN_TOKENS.isdisjoint(h[RULE].tokens) for h in evidence.category_hits.get("technical", ()))


def _break_ties(evidence: Evidence, tied: list[str], problem_told: bool) -> list[str]:
    """The guide's tie-breaks 1 and 2 between close categories."""
    if "general" in tied:
        asking = evidence.has("question", "feature_request") and not problem_told
        if asking:
            return ["general"]  # a how-to or a wish, whatever product area it names
        tied = [c for c in tied if c != "general"]  # 1: a concrete problem beats mood
    if "account" in tied and "technical" in tied and _names_login(evidence):
        tied = [c for c in tied if c != "technical"]  # 3: a login problem naming credentials
    if "billing" in tied and "sales" in tied:
        # 2: money already moved is billing; a question about paying later is sales
        future = "question" in evidence.signals and not problem_told
        tied = [c for c in tied if c != ("billing" if future else "sales")]
    return tied


def _without_technical(scores: dict[str, float]) -> dict[str, float]:
    return {category: score for category, score in scores.items() if category != "technical"}


def choose_category(
    evidence: Evidence, praise_main: bool, problem_told: bool | None = None
) -> tuple[str, list[Reason]]:
    """Highest weighted category, with the guide's tie-breaks.

    `problem_told` is whether a problem was told before the urgency pass took
    back evidence that is not a live incident: that changes how soon, not which
    team. Urgent evidence alone names no topic, so the fallback reads what is left.
    """
    if problem_told is None:
        problem_told = evidence.has_problem
    if praise_main:
        return "general", [
            reason(
                "category",
                "general",
                "praise",
                0.0,
                "thanks or praise is the main point",
            )
        ]
    # Every rule weight is above 0 (`Rule` checks it), so every category named has a score.
    scores = evidence.category_scores  # read only: a category is dropped from a copy
    signals = evidence.signals
    if not problem_told and ("resolved" in signals or "question" in signals or "feature_request" in signals):
        # Technical is "the product is not working": a product area named in a
        # how-to, a wish or a look back at a solved problem is not that.
        scores = _without_technical(scores)
    best = max(scores.values()) if scores else 0.0
    if best < MIN_CATEGORY_EVIDENCE:
        if evidence.has_problem:
            return "technical", [
                reason(
                    "category",
                    "technical",
                    "default",
                    0.0,
                    "a product problem with no other topic named",
                )
            ]
        return "general", [reason("category", "general", "default", 0.0, "no concrete topic named")]
    if scores.get("account", 0) >= MIN_CATEGORY_EVIDENCE and "technical" in scores and _names_login(evidence):
        # Tie-break 3 is a rule, not a near-tie: a login problem that names
        # credentials, roles or permissions is account however loud the failure.
        scores = _without_technical(scores)
        best = max(scores.values())
    if len(scores) == 1:  # the common case: one topic, no tie to break
        (winner,) = scores
        return winner, hit_reasons(evidence.category_hits[winner], "category", winner)
    close = best - TIE_MARGIN
    tied = [c for c in CATEGORIES if c in scores and scores[c] >= close]
    if len(tied) > 1:
        tied = _break_ties(evidence, tied, problem_told)
    if len(tied) == 1:
        winner = tied[0]
    else:
        # Tie-break 4: the more blocking problem, then the first mentioned.
        ranks = _blocking_ranks(evidence, tied)
        first = evidence.category_hits  # each category's hits in order: the first is where it is first named
        winner = min(tied, key=lambda c: (-ranks.get(c, 0), first[c][0][START]))
    reasons = hit_reasons(evidence.category_hits.get(winner, ()), "category", winner)
    if len(tied) > 1:
        reasons.append(
            reason(
                "category",
                winner,
                "tie_break",
                0.0,
                f"close call between {', '.join(tied)}: the more blocking, then the first mentioned",
            )
        )
    return winner, reasons


_ANGRY_REASONS = {
    a: reason("sentiment", "negative", a, 0.0, a.replace("_", " "))
    for a in (*prio.ANGER_SIGNALS, "sarcasm", "shouting")
}


def choose_sentiment(evidence: Evidence, praise_main: bool, level: int, category: str) -> tuple[str, list[Reason]]:
    """Negative for clear frustration, positive when praise is the point, else neutral."""
    signals = evidence.signals
    angry = [] if _ANGER.isdisjoint(signals) else [s for s in prio.ANGER_SIGNALS if s in signals]
    if evidence.sarcasm:
        angry.append("sarcasm")
    if evidence.shouting:
        angry.append("shouting")
    if evidence.positive and level == prio.URGENT and "thanks_for" not in signals:
        angry.append("sarcasm")  # praise next to an outage is not sincere
    if angry:
        return "negative", [_ANGRY_REASONS[a] for a in angry]
    if not evidence.positive:  # the common case: no praise to weigh (and no praise as the main point)
        return ("negative", []) if evidence.negative >= NEGATIVE_MIN else ("neutral", [])
    business = evidence.has_problem or not _BUSINESS.isdisjoint(signals)
    if evidence.negative >= NEGATIVE_MIN and evidence.negative >= evidence.positive:
        return "negative", []
    needed = PRAISE_OVER_BUSINESS if business else PRAISE_ALONE
    # Next to a concrete request or a problem, praise is an aside ("love it, one thing:
    # ..."), unless the customer plays the ask down ("... when you get a moment").
    concrete_ask = category != "general" and ("request" in signals or "refund_demand" in signals)
    acting = (evidence.has_problem or concrete_ask) and "negated_urgency" not in signals
    if praise_main or (not acting and evidence.positive >= needed and evidence.positive > evidence.negative):
        return "positive", []
    if evidence.negative >= NEGATIVE_MIN:
        return "negative", []
    return "neutral", []


def triage(facts: TicketFacts, rules: RuleSet | None = None) -> TriageDecision:
    """Classify one ticket; never raises on any text."""
    rules = rules or load_default_rules()
    tier = facts.customer_tier if facts.customer_tier in TIERS else "standard"
    evidence = collect(facts, rules)
    problem_told = urgency.refine(evidence)
    praise_main = _praise_is_main(evidence)
    category, category_reasons = choose_category(evidence, praise_main, problem_told)
    base, priority_reasons = prio.base_level(evidence, category, praise_main)
    level, adjustments = prio.adjust(base, evidence, category, tier, praise_main)
    support = len(priority_reasons) if level == base else 1
    sentiment, sentiment_reasons = choose_sentiment(evidence, praise_main, level, category)
    signal_reasons = []
    for name in sorted(REPORTED_SIGNALS.intersection(evidence.signals)):
        signal_reasons += hit_reasons(evidence.signals[name], "signal", name)
    priority = PRIORITIES[level]
    return new_decision(
        category=category,
        priority=priority,
        priority_score=prio.score(level, support, tier),
        sentiment=sentiment,
        assigned_team=rules.team_for_category[category],
        suggested_reply=suggested_reply(category, priority, sentiment),
        next_action=next_action(category, priority, evidence.signals),
        reasons=(
            *category_reasons,
            *priority_reasons,
            *adjustments,
            *sentiment_reasons,
            *evidence.reasons,
            *signal_reasons,
        ),
        rules_version=rules.version,
    )

"""Near-misses of urgent incidents: what is told, but not as a live incident of the customer's.

A hypothetical, a how-to or a request ("what happens if my data is lost?"),
an incident told of someone else ("a friend's shop lost all its orders"), a
partial failure ("two of our stores"), or one the customer says is over.
Each reading is bounded by the clause or sentence it governs, so a question
after a live incident does not take it back.
"""

from triage.evidence import PROBLEM_SIGNALS, Evidence
from triage.hits import END, RULE, START, WEIGHT, Hit
from triage.negation import is_negated
from triage.rules import Rule
from triage.text import BOUNDARY
from triage.urgency_words import (
    ABLE,
    ANSWERING,
    AWAITED,
    COMMERCE,
    HEARD,
    HEARD_OF,
    HYPOTHETICAL,
    LIMITERS,
    NOBODY,
    NOW,
    OF,
    ONGOING,
    ORGANISATIONS,
    OTHERS,
    OWN,
    PART_COUNTS,
    PASSIVE,
    QUESTION_END,
    REQUEST_OPENERS,
    RESOLVED_STATES,
    THIRD_PARTIES,
    WHOLE_BEFORE,
    WRITES,
    clause_bounds,
)

OVER = Rule("was resolved", "signal", "resolved", 1.0, "the customer says the incident is over")


_PARTS = LIMITERS | PART_COUNTS  # words without which `_limited` finds nothing

LIVE, UNSAID, TOLD = 0, 1, 2  # a live incident; not told as happening to the customer; told, but not urgent


def _sentence_end(tokens: list[str], position: int) -> int:
    end = position
    while end < len(tokens) and tokens[end] != BOUNDARY:
        end += 1
    return end


def _limited(tokens: list[str], start: int, end: int) -> bool:
    """Only part of them: "roughly 5% of calls", "one of our users", "two of our stores" (not "every one of")."""
    if _PARTS.isdisjoint(tokens[start:end]):
        return False  # the common case: one C-level check
    for i in range(start, end):
        token = tokens[i]
        whole = i > start and tokens[i - 1] in WHOLE_BEFORE  # "every one of", "no one", "each single"
        if token in LIMITERS and not whole:
            return True
        if token in PART_COUNTS and i + 1 < end and tokens[i + 1] == OF and not whole:
            return True
    return False


def _third_party(tokens: list[str], start: int, at: int) -> bool:
    """The incident happened to someone else: "a friend's company lost ...", "I read that another provider ..."."""
    for i in range(start, at):
        token = tokens[i]
        other = token in OTHERS and not ORGANISATIONS.isdisjoint(tokens[i + 1 : i + 3])
        told = token in HEARD and i + 1 < at and tokens[i + 1] in HEARD_OF
        if (token in THIRD_PARTIES or other or told) and OWN.isdisjoint(tokens[i + 1 : at + 1]):
            return True
    return False


def drop_third_party(evidence: Evidence) -> None:
    """Problems told of someone else are not the customer's: "a friend's shop lost all its orders".

    Nor are the topic words in the clauses that told them ("another provider was hacked" names no
    account of theirs); a clause that only mentions someone else ("a competitor quoted us less")
    keeps its topic words.
    """
    tokens, signals = evidence.tokens, evidence.signals
    told_of_others: set[int] = set()
    for name in (PROBLEM_SIGNALS | {"many_affected"}) & signals.keys():
        kept = []
        for hit in signals[name]:
            start = clause_bounds(tokens, hit[START])[0]
            if _third_party(tokens, start, hit[START]):
                told_of_others.add(start)
            else:
                kept.append(hit)
        if kept:
            signals[name] = kept
        else:
            del signals[name]
    evidence.has_problem = not signals.keys().isdisjoint(PROBLEM_SIGNALS)
    if not told_of_others:
        return
    for category, hits in list(evidence.category_hits.items()):
        kept = [h for h in hits if clause_bounds(tokens, h[START])[0] not in told_of_others]
        if len(kept) == len(hits):
            continue
        if kept:
            evidence.category_hits[category] = kept
            evidence.category_scores[category] = sum(h[WEIGHT] for h in kept)
        else:
            for table in (evidence.category_hits, evidence.category_scores):
                del table[category]


def not_live(tokens: list[str], hit: Hit) -> int:
    """Why the clause holding `hit` is no live incident: UNSAID for a hypothetical, a how-to
    or request, or someone else's incident; TOLD for a partial failure; else LIVE."""
    start, end = clause_bounds(tokens, hit[START])
    before = tokens[start : hit[START]]
    if not HYPOTHETICAL.isdisjoint(before):
        return UNSAID
    question = end > start and tokens[end - 1] == QUESTION_END
    if question and tokens[start] in REQUEST_OPENERS:
        return UNSAID  # "can none of our cashiers be given ...?", "how do I restore ...?"
    widespread = hit[RULE].value in ("team_blocked", "outage", "many_affected")
    if widespread and _limited(tokens, start, end):
        return TOLD
    if hit[RULE].value == "team_blocked" and hit[RULE].tokens[0] in NOBODY:
        after = tokens[hit[START] : end]
        able = next((i for i in range(hit[START], end) if tokens[i] in ABLE), hit[END] - 1)
        if not ANSWERING.isdisjoint(tokens[able + 1 : able + 3]):
            return UNSAID  # "nobody can tell me why": a complaint about support, not a team stopped
        # "none of the people have received it" tells no work stopped; "none of our writes go through" does.
        if ABLE.isdisjoint(after) and COMMERCE.isdisjoint(after) and WRITES.isdisjoint(after):
            return TOLD
    return LIVE


def over(evidence: Evidence) -> int:
    """Where the customer says the incident is over ("works fine now", "the outage was resolved"):
    the end of that sentence, or -1. What is told after it is a new incident.

    A state of being fixed counts unless it is awaited ("until it is fixed"),
    denied, or contradicted anywhere ("it was fixed but it is still down").
    """
    tokens = evidence.tokens
    if "resolved" in evidence.signals:
        return _sentence_end(tokens, evidence.signals["resolved"][0][START])
    if RESOLVED_STATES.isdisjoint(tokens) or not ONGOING.isdisjoint(tokens):
        return -1
    for i, token in enumerate(tokens):
        if token in RESOLVED_STATES and i and tokens[i - 1] in PASSIVE | NOW and not is_negated(tokens, i):
            start, _ = clause_bounds(tokens, i)
            if AWAITED.isdisjoint(tokens[start:i]):
                evidence.signals["resolved"] = [(OVER, i, i + 1, 1.0, False)]
                over = _sentence_end(tokens, i)
                for name in ("broken", "blocked"):
                    kept = [h for h in evidence.signals.get(name, ()) if h[START] > over]
                    if kept:
                        evidence.signals[name] = kept
                    else:
                        evidence.signals.pop(name, None)
                return over
    return -1

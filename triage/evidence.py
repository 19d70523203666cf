"""Turn a ticket's text into weighted evidence: rule hits, signals, sentiment.

With the hits of `hits` (phrase matching, "the longer phrase wins" among
overlapping phrases of the same target, subject weighting), this is the only
place that looks at words. It applies negation scope and the "thanks for ..."
scope, and weighs signals and mood.
"""

from collections.abc import Iterable
from itertools import pairwise
from operator import itemgetter

from triage.decision import Reason, TicketFacts, reason
from triage.hits import END, IN_SUBJECT, RULE, START, WEIGHT, Hit, find_hits
from triage.negation import THANKS_REACH, is_negated, negated_positions, scope_end
from triage.rules import RuleSet
from triage.text import BOUNDARY, normalise_words, shouted_words

_weight_of = itemgetter(WEIGHT)
PROBLEM_SIGNALS = frozenset(
    {
        "problem",
        "broken",
        "blocked",
        "outage",
        "team_blocked",
        "data_loss",
        "security",
        "double_charge",
        "suspended",
    }
)
# Signals a sincere "thanks for ..." or a "works fine now" turns into history.
RESOLVABLE = PROBLEM_SIGNALS | {"refund_demand"}
# What negation does to a signal; a signal not listed here is dropped when negated.
NEGATED_SIGNAL = {"urgency_claim": "negated_urgency"}
NEGATION_IMMUNE = frozenset({"negated_urgency", "thanks_for", "fixed", "resolved"})
SHOUT_EXEMPT = frozenset({"urgent", "emergency", "important"})
_STILL = normalise_words("still")[0]
_AGAIN = normalise_words("again")[0]
_BUT = normalise_words("but")[0]
_FOR = normalise_words("for")[0]
THANKS_FOR_GAP = 4  # "thank you so much for": tokens allowed before "for"
_MOOD_WORDS = frozenset({_STILL, _AGAIN, _BUT})
_CONDITIONALS = frozenset(normalise_words("if unless otherwise or else"))
CONDITION_REACH = 12  # "if this isn't explained and corrected, I'm cancelling"
SARCASM_WEIGHT = 3.0
_PRAISE_OBJECT = frozenset(normalise_words("that how when"))
_CLAUSE_ENDS = frozenset({BOUNDARY, _BUT, *normalise_words("however though although")})
AGAIN_REACH = 4
STILL_WEIGHT = 1.5  # the guide names "still" or "again" about an unresolved problem as negative
# "cannot drag cards at all anymore": a blocker that used to work is a broken feature.
_NO_MORE = frozenset(normalise_words("anymore")) | {("at", "all"), ("any", "more"), ("any", "longer")}
_NO_MORE_FIRST = frozenset(normalise_words("anymore at any"))
_LASTING = ("blocked", "problem", "question")  # signals that "anymore" can turn into broken
_LASTING_SET = frozenset(_LASTING)
_HOW_TO = frozenset(normalise_words("how way"))
_CANNOT = normalise_words("cannot")[0]


class Evidence:
    """Everything the decision steps need, already weighed.

    A plain slotted class: one is built per ticket on the hot path.
    """

    __slots__ = (
        "category_hits",
        "category_scores",
        "has_problem",
        "negative",
        "positive",
        "positive_hits",
        "reasons",
        "sarcasm",
        "shouting",
        "signals",
        "tokens",
    )

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.category_scores: dict[str, float] = {}
        self.category_hits: dict[str, list[Hit]] = {}
        self.signals: dict[str, list[Hit]] = {}
        self.positive_hits: list[Hit] = []
        self.positive = 0.0  # sum of positive_hits weights, set once collected
        self.negative = 0.0
        self.sarcasm = False
        self.shouting = 0
        self.reasons: list[Reason] = []
        self.has_problem = False  # set once the signals are final (end of `collect`)

    def has(self, *signals: str) -> bool:
        return not self.signals.keys().isdisjoint(signals)


def _thanks_scopes(tokens: list[str], hits: list[Hit], openers: list[Hit]) -> tuple[list[range], bool]:
    """Sincere "thanks for X" scopes (X is history), and whether any was sarcastic.

    A completed action ("the refund landed") told next to thanks or praise
    makes its own clause history too.
    """
    sincere: list[range] = []
    sarcasm = False
    for opener, opener_start, opener_end, _, _ in openers:
        if opener.value == "fixed":
            if not is_negated(tokens, opener_start) and any(
                h[RULE].target == "sentiment" and h[RULE].value == "positive" for h in hits
            ):
                sincere.append(_clause(tokens, opener_start))
            continue
        gap = tokens[opener_end : opener_end + THANKS_FOR_GAP]
        if _FOR not in gap or BOUNDARY in gap[: gap.index(_FOR)]:
            continue  # "thank you!" is courtesy, it opens no scope
        start = opener_end + gap.index(_FOR)  # "for" itself may begin a phrase
        scope = range(start, scope_end(tokens, start, THANKS_REACH))
        inside = [h[RULE] for h in hits if h[START] in scope]
        if any(rule.value == "fixed" for rule in inside):
            sincere.append(scope)
        elif any(
            rule.value in PROBLEM_SIGNALS or (rule.target == "sentiment" and rule.value == "negative")
            for rule in inside
        ):
            sarcasm = True
    return sincere, sarcasm


def _clause(tokens: list[str], position: int) -> range:
    """The clause holding `position`: between two boundaries, and never past a "but"."""
    start = position
    while start > 0 and tokens[start - 1] not in _CLAUSE_ENDS:
        start -= 1
    end = position + 1
    while end < len(tokens) and tokens[end] not in _CLAUSE_ENDS:
        end += 1
    return range(start, end)


def collect(facts: TicketFacts, rules: RuleSet) -> Evidence:
    """Match the ticket against the rules and weigh every hit."""
    tokens, present, hits, openers, spots, may_shout = find_hits(facts, rules)
    evidence = Evidence(tokens)
    sincere, evidence.sarcasm = _thanks_scopes(tokens, hits, openers) if openers else ((), False)
    # Most messages hold no negator at all (the spots hold every one).
    negated_at = negated_positions(tokens, spots) if spots else ()
    scores, by_category = evidence.category_scores, evidence.category_hits
    signals = evidence.signals
    for hit in hits:
        rule, start, _, weight, _ = hit  # plain unpacking: cheaper than named fields here
        target = rule.target
        if sincere and any(start in scope for scope in sincere) and (target == "category" or rule.value in RESOLVABLE):
            continue  # what the customer thanks us for is already solved
        if target == "category":  # the most common hit, added inline
            # Negation never changes a topic ("not working" is still technical).
            value = rule.value
            if value in scores:
                scores[value] += weight
                by_category[value].append(hit)
            else:
                scores[value] = weight
                by_category[value] = [hit]
            continue
        negated = start in negated_at
        value = rule.value
        if target == "signal" and not negated and value != "cancel_threat":  # the next most common, inline
            if value in signals:
                signals[value].append(hit)
            else:
                signals[value] = [hit]
            continue
        _add_hit(evidence, hit, negated)
    if "resolved" in evidence.signals:
        for name in ("outage", "team_blocked", "broken", "blocked"):
            evidence.signals.pop(name, None)
    if not _NO_MORE_FIRST.isdisjoint(present) and not _LASTING_SET.isdisjoint(evidence.signals):
        _promote_lasting_blockers(evidence)
    if "question" in evidence.signals and "problem" in evidence.signals:
        _drop_problem_word_in_how_to(evidence)
    evidence.has_problem = not PROBLEM_SIGNALS.isdisjoint(evidence.signals)
    if may_shout:  # most texts hold no five capitals in a row: they shout no word
        evidence.shouting = shouted_words(f"{facts.subject}\n{facts.message}", SHOUT_EXEMPT)
    if evidence.has_problem:  # no still / again / but / sarcasm without a problem
        _weigh_mood(evidence, present)
    if evidence.positive_hits:
        evidence.positive = sum(map(_weight_of, evidence.positive_hits))
    return evidence


def _promote_lasting_blockers(evidence: Evidence) -> None:
    """ "Cannot ... at all", "does not load anymore": the feature is broken, not just a snag."""
    tokens = evidence.tokens
    for name in _LASTING:
        for hit in evidence.signals.get(name, ()):
            if name == "question" and hit[RULE].tokens[0] != _CANNOT:
                continue  # "cannot find it anymore" is no longer a how-to
            clause = tokens[hit[END] : scope_end(tokens, hit[END], 8)]
            pairs = set(pairwise(clause))
            if not _NO_MORE.isdisjoint(clause) or not _NO_MORE.isdisjoint(pairs):
                evidence.signals.setdefault("broken", []).append(hit)
                return


def _drop_problem_word_in_how_to(evidence: Evidence) -> None:
    """ "Is there a way to duplicate a template?": one problem-like word inside a how-to is the task."""
    if len({h[RULE] for h in evidence.signals["problem"]}) > 1 or not evidence.signals.keys().isdisjoint(
        PROBLEM_SIGNALS - {"problem"}
    ):
        return
    if any(not _HOW_TO.isdisjoint(h[RULE].tokens) for h in evidence.signals["question"]):
        del evidence.signals["problem"]


def _conditional_before(tokens: list[str], start: int) -> bool:
    """Does an "if", "unless" or "otherwise" lead up to `start` in the same sentence or the one before?"""
    return not _CONDITIONALS.isdisjoint(tokens[max(0, start - CONDITION_REACH) : start])


def _add_hit(evidence: Evidence, hit: Hit, negated: bool) -> None:
    """Weigh a signal or sentiment hit (category hits are added inline in `collect`)."""
    rule, start, _, weight, _ = hit
    if rule.target == "signal":
        value = rule.value
        if value == "cancel_threat" and (negated or rule.weight < 1):
            # "if this isn't fixed, I'm cancelling": the negation belongs to the condition
            if _conditional_before(evidence.tokens, start) or (rule.weight >= 1 and not negated):
                evidence.signals.setdefault(value, []).append(hit)
            return  # a plain "I'm cancelling" is a decision; "not going to cancel" is none
        if negated and value not in NEGATION_IMMUNE:
            if value not in NEGATED_SIGNAL:
                return  # "nothing is broken": the negated problem is not evidence
            value = NEGATED_SIGNAL[value]
        evidence.signals.setdefault(value, []).append(hit)
        return
    if rule.value == "neutral":
        return  # courtesy: only shields its words from counting as praise
    if rule.value == "positive":
        if negated:
            evidence.negative += weight  # "not happy"
        else:
            evidence.positive_hits.append(hit)
    elif not negated:  # "not bad", "not a complaint": the complaint is cancelled
        evidence.negative += weight
    evidence.reasons.append(hit_reason(hit, "sentiment", rule.value, negated))


def hit_reasons(hits: Iterable[Hit], output: str, value: str) -> list[Reason]:
    """`hit_reason` for each hit (none negated) in one call, the cached ones looked up inline.

    A hit for its own rule's target and value (nearly all) takes the reason
    kept on the rule for its place.
    """
    reasons = []
    for hit in hits:
        rule = hit[RULE]
        if rule.value == value and rule.target == output:
            reasons.append(rule.own_reasons[hit[IN_SUBJECT]] or _own_reason(hit))
        else:
            reasons.append(hit_reason(hit, output, value))
    return reasons


def _own_reason(hit: Hit) -> Reason:
    rule = hit[RULE]
    reason = rule.own_reasons[hit[IN_SUBJECT]] = hit_reason(hit, rule.target, rule.value)
    return reason


def hit_reason(hit: Hit, output: str, value: str, negated: bool = False) -> Reason:
    """The Reason for a rule hit, built once per rule and variant, then reused."""
    rule, _, _, weight, in_subject = hit
    key = (output, value, in_subject, negated)
    cached = rule.explanations.get(key)
    if cached is None:
        where = "subject" if in_subject else "message"
        detail = f"'{rule.phrase}' in the {where}"
        if negated:
            detail += " (negated)"
        if output == "signal":
            detail += f": {value.replace('_', ' ')}"
        shown = "negated" if negated and output == "sentiment" else value
        cached = Reason(output, shown, rule.phrase, weight, detail)
        rule.explanations[key] = cached
    return cached


def _praise_about_a_problem(evidence: Evidence, problem_hits: list[Hit]) -> bool:
    """ "Love that the link expires in a minute": praise whose object is a problem is sarcasm."""
    tokens = evidence.tokens
    for praise in evidence.positive_hits:
        end = praise[END]
        if end < len(tokens) and tokens[end] in _PRAISE_OBJECT:
            clause = range(end, scope_end(tokens, end, THANKS_REACH))
            if any(h[START] in clause for h in problem_hits):
                return True
    return False


def _weigh_mood(evidence: Evidence, present: set[str]) -> None:
    """Mood that is not a single phrase, next to a problem: still/again, contrast.

    (Shouting is counted in `collect`.)
    """
    tokens = evidence.tokens
    mood_words = _MOOD_WORDS.intersection(present)
    if not mood_words and not evidence.positive_hits:
        return
    problem_hits = [h for s in PROBLEM_SIGNALS for h in evidence.signals.get(s, ())]
    if evidence.positive_hits and _praise_about_a_problem(evidence, problem_hits):
        # Sarcasm is negative, but not the clear anger that lifts a priority.
        evidence.positive_hits = []
        evidence.negative += SARCASM_WEIGHT
        evidence.reasons.append(reason("sentiment", "negative", "sarcasm", SARCASM_WEIGHT, "praise for a problem"))
    if _STILL in mood_words:
        evidence.negative += STILL_WEIGHT
        evidence.reasons.append(
            reason(
                "sentiment",
                "negative",
                "still",
                STILL_WEIGHT,
                "'still' about an unresolved problem",
            )
        )
    for hit in problem_hits:
        if _AGAIN in tokens[hit[END] : hit[END] + AGAIN_REACH]:
            evidence.negative += STILL_WEIGHT
            evidence.reasons.append(reason("sentiment", "negative", "again", STILL_WEIGHT, "a problem happening again"))
            break
    if _BUT in mood_words:
        # "great app, but export crashes": praise before the contrast is framing
        pivot = len(tokens) - 1 - tokens[::-1].index(_BUT)
        if any(h[START] > pivot for h in problem_hits):
            evidence.positive_hits = [h for h in evidence.positive_hits if h[START] > pivot]

"""From a ticket's text to weighted hits: phrase matches and the forms of clauses.

The matcher finds every rule phrase; here each match becomes a `Hit` with its
effective weight (a subject counts more), the longer of two overlapping
phrases of one target wins, and failures and questions recognised by the
shape of a clause (see `forms`) join in. Everything per rule is computed once
per RuleSet version, so the per-ticket loop only looks things up.
"""

from functools import lru_cache
from itertools import compress
from operator import itemgetter

from triage.decision import TicketFacts
from triage.forms import FAILURE_TRIGGERS, QUESTION_MARK, failure_positions, mark_forms, marked_forms, question_starts
from triage.matcher import Matcher, compile_rules
from triage.negation import NEGATORS
from triage.rules import Rule, RuleSet
from triage.text import join_pair, normalise_joined, normalise_pair

SUBJECT_WEIGHT = 1.5  # a subject is a summary: its words count more
# A "fixed" phrase this strong reports a completed action ("the refund came
# through"); next to thanks or praise, its clause is history, not a demand.
COMPLETED_WEIGHT = 2.0


# A rule that matched tokens[start:end], with its effective weight and whether
# it is in the subject: (rule, start, end, weight, in_subject). A plain tuple,
# read by unpacking or with the indices below: one is built per match, and a
# named tuple costs about three times as much to build.
Hit = tuple[Rule, int, int, float, bool]
RULE, START, END, WEIGHT, IN_SUBJECT = range(5)

_start_of = itemgetter(START)  # a Hit's start, read at C speed

# Evidence found from the form of a clause, not from a phrase (see `forms`).
FAILURE_RULES = (
    Rule("failure verb", "signal", "problem", 1.0, "a function with a negated or failure verb"),
    Rule("failure verb", "category", "technical", 1.0, "a function with a negated or failure verb"),
)
BROKEN_RULES = (
    Rule("stopped working", "signal", "broken", 1.0, "a function that worked before and fails now"),
    Rule("stopped working", "category", "technical", 1.0, "a function that worked before and fails now"),
)
QUESTION_RULE = Rule("question mark", "signal", "question", 1.0, "a clause opening a question and ending in '?'")
# Negators and failure words: most messages that hold one hold both ("does not
# load"), so their positions are found in one pass for negation and for failures.
WATCHED = NEGATORS | FAILURE_TRIGGERS


# Per rule, what `find_hits` reads for every match: the rule, its weight
# in the message and in the subject, whether it may open a "thanks for" scope,
# its span code and the codes of the spans strictly inside it (see `_rule_rows`).
RuleRow = tuple[Rule, float, float, bool, int, tuple[int, ...]]
_TARGET_IDS = {"category": 0, "signal": 1, "sentiment": 2}


@lru_cache(maxsize=16)
def _compiled(rules: RuleSet) -> tuple[Matcher, tuple[RuleRow, ...], int]:
    """The matcher and the rule rows of a RuleSet, built once per version."""
    matcher = compile_rules(rules)
    rows, stride = _rule_rows(rules, matcher)
    return matcher, rows, stride


# The rules of the last call: nearly every call uses the same RuleSet, and an
# identity check costs far less than hashing it for the cache above.
_last: tuple[RuleSet | None, tuple[Matcher, tuple[RuleRow, ...], int] | None] = (None, None)


def _prepared(rules: RuleSet) -> tuple[Matcher, tuple[RuleRow, ...], int]:
    """`_compiled(rules)`, kept as the last one (callers check `_last` inline first)."""
    global _last
    prepared = _compiled(rules)
    _last = (rules, prepared)
    return prepared


def _rule_rows(rules: RuleSet, matcher: Matcher) -> tuple[tuple[RuleRow, ...], int]:
    """The rows, computed once per RuleSet version, and the stride of a span key.

    A span of a target is keyed by one int, `start * stride + length * 4 +
    target id`, so "is this match inside a longer one of its target?" is a set
    lookup of an int rather than of a tuple.
    """
    stride = 4 * (max((len(rule.tokens) for rule in rules.rules), default=0) + 1)
    rows = []
    for rule in rules.rules:
        size, target_id = len(rule.tokens), _TARGET_IDS[rule.target]
        inner = _inner_spans(rules, matcher, rule, stride)
        opener = rule.value == "thanks_for" or (rule.value == "fixed" and rule.weight >= COMPLETED_WEIGHT)
        rows.append((rule, rule.weight, rule.weight * SUBJECT_WEIGHT, opener, size * 4 + target_id, inner))
    return tuple(rows), stride


def _inner_spans(rules: RuleSet, matcher: Matcher, rule: Rule, stride: int) -> tuple[int, ...]:
    """The span keys, relative to a match of `rule`, of the shorter matches of its target it can hold.

    A phrase of plain words is matched against itself: the spans found are
    exactly those any match of it holds, and most phrases hold none. A
    phrase with a prefix word ("charg* twice") can hold any span.
    """
    size, target_id = len(rule.tokens), _TARGET_IDS[rule.target]
    if size == 1:
        return ()
    if any(token.endswith("*") for token in rule.tokens):
        return tuple(
            offset * stride + length * 4 + target_id
            for offset in range(size)
            for length in range(1, size - offset + 1)
            if length < size  # the match's own span is not inside it
        )
    held = {
        start * stride + (end - start) * 4 + target_id
        for index, start, end in matcher.find(list(rule.tokens))
        if end - start < size and rules.rules[index].target == rule.target
    }
    return tuple(sorted(held))


def find_hits(facts: TicketFacts, rules: RuleSet) -> tuple[list[str], set[str], list[Hit], list[Hit], list[int], bool]:
    """Tokens, the set of them, weighted hits, the hits that may open a "thanks for" scope,
    spots, and whether the text may shout.

    The set answers "is any of these words here?" for every later stage at
    the cost of one pass. The spots are the positions of the WATCHED words.
    A text that may shout holds five capitals in a row (False is sure).

    A match whose span lies inside a longer match of the same target is
    dropped: the longer phrase wins ("cannot find" is a question, not a blocker).
    """
    subject, message = facts.subject, facts.message
    if type(subject) is str and type(message) is str and ">" not in subject and ">" not in message:
        # Marking the pair at once marks each text the same: the word that joins
        # them is no code word, head count or number, so no pattern reads across it.
        marked, may_shout = marked_forms(join_pair(subject, message))
        tokens, cut, spots = normalise_joined(marked, WATCHED)
    else:
        # Quoted lines go after marking, text by text; and anything but plain
        # text may read otherwise when shouting is counted (see `collect`).
        subject = subject if isinstance(subject, str) else ""
        message = message if isinstance(message, str) else ""
        tokens, cut = normalise_pair(mark_forms(subject), mark_forms(message))
        spots = None
        may_shout = True
    present = set(tokens)
    last_rules, prepared = _last
    matcher, table, stride = prepared if rules is last_rules else _prepared(rules)
    found, longer = matcher.scan(tokens)
    # Only multi-word matches can contain another; most messages have few.
    inside = set()
    for index, start, _ in longer:
        held = table[index][5]
        if held:
            inside.update(map((start * stride).__add__, held))
    hits: list[Hit] = []
    append = hits.append
    openers = []
    for index, start, end in found:
        rule, weight, subject_weight, opener, code, _ = table[index]
        if inside and start * stride + code in inside:
            continue
        hit = (rule, start, end, subject_weight, True) if start < cut else (rule, start, end, weight, False)
        append(hit)
        if opener:
            openers.append(hit)
    if spots is None:
        watched = not WATCHED.isdisjoint(present)
        spots = list(compress(range(len(tokens)), map(WATCHED.__contains__, tokens))) if watched else []
    # Failure forms need a failure word, and question forms a question mark: most messages hold neither.
    formed = _form_hits(tokens, present, cut, subject, spots) if spots or QUESTION_MARK in present else ()
    if formed:
        hits += formed
        hits.sort(key=_start_of)  # stable: phrase hits stay before form hits at one position
    return tokens, present, hits, openers, spots, may_shout


def _form_hits(tokens: list[str], present: set[str], cut: int, subject: str, spots: list[int]) -> list[Hit]:
    """Hits for failures and questions recognised by the shape of a clause.

    A reply's subject ("Re: how did we do?") is our own wording: its questions are not the customer's.
    """
    failures = failure_positions(tokens, spots, present) if spots else []  # the spots hold every failure word
    questions = question_starts(tokens) if QUESTION_MARK in present else []
    if not failures and not questions:
        return []  # the common case
    reply = bool(subject) and subject[:4].lower().startswith(("re:", "fw:", "fwd:"))
    found = [(BROKEN_RULES if lasting else FAILURE_RULES, start) for start, lasting in failures]
    found += [((QUESTION_RULE,), start) for start in questions if not (reply and start < cut)]
    formed = []
    for rules, start in found:
        in_subject = start < cut
        for rule in rules:
            weight = rule.weight * SUBJECT_WEIGHT if in_subject else rule.weight
            formed.append((rule, start, start + 1, weight, in_subject))
    return formed

"""Negation scope and the "thanks for ..." scope.

A negator ("not", "no", "never", "nothing", ...) reaches a few tokens ahead
and stops at a clause boundary (punctuation) or a contrast word ("but",
"and"). A phrase that itself starts with the negator ("not working",
"no rush") is not negated by it: the negator is part of its meaning. So
"isn't working" stays a problem while "nothing is broken" cancels one.

"Thanks for X" is sincere when X is something support did ("restoring",
"fixing", "the help"), and sarcasm when X is a problem ("locking me out").
"""

from collections.abc import Iterable
from itertools import compress

from triage.text import BOUNDARY, normalise_words

NEGATORS = frozenset(normalise_words("not no never nothing none without neither nor hardly"))
SCOPE_BREAKERS = frozenset(normalise_words("but and or though although however yet while")) | {BOUNDARY}
NEGATION_REACH = 3  # tokens between the negator and the phrase
THANKS_REACH = 10  # tokens a "thanks for" scope covers


def is_negated(tokens: list[str], start: int) -> bool:
    """Is the phrase starting at `start` inside a negator's scope?"""
    lowest = max(0, start - NEGATION_REACH - 1)
    for i in range(start - 1, lowest - 1, -1):
        token = tokens[i]
        if token in NEGATORS:
            return True
        if token in SCOPE_BREAKERS:
            return False
    return False


def negated_positions(tokens: list[str], spots: Iterable[int] | None = None) -> frozenset[int]:
    """Every position `is_negated` would answer True for.

    Each negator covers the next NEGATION_REACH + 1 positions, up to and
    including a scope breaker. Negators are found at C speed, so the Python
    work is a few steps per negator rather than one per token. `spots`, when
    the caller has them, are positions that include every negator's.
    """
    negated = set()
    n = len(tokens)
    if spots is None:
        spots = compress(range(n), map(NEGATORS.__contains__, tokens))
    for at in spots:
        if tokens[at] not in NEGATORS:
            continue
        for i in range(at + 1, min(n, at + NEGATION_REACH + 2)):
            negated.add(i)
            if tokens[i] in SCOPE_BREAKERS:
                break
    return frozenset(negated)


def scope_end(tokens: list[str], start: int, reach: int) -> int:
    """End (exclusive) of a scope opened at `start`: the next boundary or `reach` tokens."""
    limit = min(len(tokens), start + reach + 1)
    for i in range(start + 1, limit):
        if tokens[i] == BOUNDARY:
            return i
    return limit

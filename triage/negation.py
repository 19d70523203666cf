"""Negation scope and the "thanks for ..." scope.

A negator ("not", "no", "never", "nothing", ...) reaches a few tokens ahead
and stops at a clause boundary (punctuation) or a contrast word ("but",
"and"). A phrase that itself starts with the negator ("not working",
"no rush") is not negated by it: the negator is part of its meaning. So
"isn't working" stays a problem while "nothing is broken" cancels one.

"Thanks for X" is sincere when X is something support did ("restoring",
"fixing", "the help"), and sarcasm when X is a problem ("locking me out").
"""

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


def negated_positions(tokens: list[str]) -> frozenset[int]:
    """Every position `is_negated` would answer True for, in one pass."""
    negated = []
    reach = 0  # how many more positions the last negator covers
    for i, token in enumerate(tokens):
        if reach:
            negated.append(i)
            reach -= 1
        if token in NEGATORS:
            reach = NEGATION_REACH + 1
        elif token in SCOPE_BREAKERS:
            reach = 0
    return frozenset(negated)


def scope_end(tokens: list[str], start: int, reach: int) -> int:
    """End (exclusive) of a scope opened at `start`: the next boundary or `reach` tokens."""
    limit = min(len(tokens), start + reach + 1)
    for i in range(start + 1, limit):
        if tokens[i] == BOUNDARY:
            return i
    return limit

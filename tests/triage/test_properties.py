from hypothesis import given, settings
from hypothesis import strategies as st

from triage.engine import TicketFacts, triage
from triage.vocabulary import (
    CATEGORIES,
    PRIORITIES,
    PRIORITY_BANDS,
    SENTIMENTS,
    TEAMS,
    TIERS,
)

WORDS = st.sampled_from(
    [
        "urgent",
        "not",
        "refund",
        "charged",
        "twice",
        "login",
        "cannot",
        "whole",
        "team",
        "blocked",
        "thanks",
        "for",
        "love",
        "but",
        "crash",
        "no rush",
        "password",
        "quote",
        "!",
        ".",
        "AGAIN",
        "😀",
    ]
)
TEXT = st.one_of(st.text(max_size=300), st.lists(WORDS, max_size=40).map(" ".join))
FACTS = st.builds(TicketFacts, TEXT, TEXT, st.sampled_from(TIERS + ("", "gold")), st.text(max_size=5))


@settings(max_examples=150, deadline=None)
@given(FACTS)
def test_any_text_gives_allowed_values_and_a_score_in_band(facts: TicketFacts) -> None:
    decision = triage(facts)
    low, high = PRIORITY_BANDS[decision.priority]
    assert decision.category in CATEGORIES
    assert decision.priority in PRIORITIES
    assert decision.sentiment in SENTIMENTS
    assert decision.assigned_team in TEAMS
    assert low <= decision.priority_score <= high
    assert decision.suggested_reply and decision.next_action


@settings(max_examples=60, deadline=None)
@given(FACTS)
def test_same_facts_same_decision(facts: TicketFacts) -> None:
    assert triage(facts) == triage(facts)

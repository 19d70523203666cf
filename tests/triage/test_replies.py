import pytest

from tests.triage.conftest import run
from triage.replies import next_action, suggested_reply
from triage.vocabulary import CATEGORIES, PRIORITIES, SENTIMENTS


def test_replies_differ_by_category_priority_and_sentiment() -> None:
    assert len({suggested_reply(c, "medium", "neutral") for c in CATEGORIES}) == len(CATEGORIES)
    assert len({suggested_reply("technical", p, "neutral") for p in PRIORITIES}) == len(PRIORITIES)
    assert len({suggested_reply("technical", "medium", s) for s in SENTIMENTS}) == len(SENTIMENTS)


@pytest.mark.parametrize(
    ("sentiment", "opening"),
    [("negative", "sorry"), ("positive", "Thank you"), ("neutral", "Thanks")],
)
def test_reply_opening_follows_sentiment(sentiment: str, opening: str) -> None:
    assert opening in suggested_reply("billing", "medium", sentiment).split("\n")[0]


def test_urgent_reply_acknowledges_urgency() -> None:
    assert "urgent" in suggested_reply("technical", "urgent", "neutral")


def test_next_action_differs_by_category_and_priority() -> None:
    actions = {next_action(c, p) for c in CATEGORIES for p in PRIORITIES}
    assert len(actions) == len(CATEGORIES) * len(PRIORITIES)
    assert "on-call" in next_action("technical", "urgent")


def test_double_charge_action_names_the_refund() -> None:
    decision = run("Charged twice", "You charged my card twice, please refund one.")
    assert decision.next_action == "Verify the duplicate charge in the payment provider and refund it."

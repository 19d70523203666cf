from triage.engine import TicketFacts, triage
from triage.evaluation import score_decisions


def test_dev_set_meets_the_floors(dev_cases: list[dict[str, str]]) -> None:
    # given
    predicted = [
        triage(TicketFacts(c["subject"], c["message"], c["customer_tier"], c["source"])).as_dict() for c in dev_cases
    ]
    # when
    scores = score_decisions(dev_cases, predicted)
    # then
    assert scores.category_accuracy >= 0.90
    assert scores.priority_accuracy >= 0.75
    assert scores.priority_within_one >= 0.97
    assert scores.urgent_below_high == 0
    assert scores.sentiment_accuracy >= 0.85

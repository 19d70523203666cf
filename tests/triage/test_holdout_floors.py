"""A guard on the independent cases (docs/triage/holdout.jsonl, 810 of them).

They were written to the guide by people who never saw the rules, to measure
how the engine handles wording it was not written for. The floors sit a little
under today's scores: they catch a change that makes the engine worse on new
language, and they rise as it gets better.
"""

import json
from pathlib import Path

from triage.engine import TicketFacts, triage
from triage.evaluation import score_decisions

HOLDOUT = Path(__file__).resolve().parents[2] / "docs" / "triage" / "holdout.jsonl"


def test_independent_cases_stay_above_their_floors() -> None:
    # given
    cases = [json.loads(line) for line in HOLDOUT.read_text(encoding="utf-8").splitlines() if line.strip()]
    # when
    predicted = [
        triage(TicketFacts(c["subject"], c["message"], c["customer_tier"], c["source"])).as_dict() for c in cases
    ]
    scores = score_decisions(cases, predicted)
    # then
    assert len(cases) == 810
    assert scores.category_accuracy >= 0.90
    assert scores.priority_accuracy >= 0.85
    assert scores.priority_within_one >= 0.96
    assert scores.urgent_recall >= 0.90
    assert scores.urgent_below_high <= 8
    assert scores.sentiment_accuracy >= 0.87

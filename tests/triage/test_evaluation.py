import pytest

from triage.evaluation import (
    accuracy,
    confusion_table,
    format_report,
    macro_f1,
    score_decisions,
    urgent_below_high,
    urgent_recall,
    within_one_level,
)


def test_accuracy_counts_exact_matches() -> None:
    assert accuracy(["a", "b", "c", "d"], ["a", "b", "x", "d"]) == 0.75


def test_macro_f1_by_hand() -> None:
    # billing: tp=1 fp=0 fn=1 -> 2/3; sales: tp=1 fp=1 fn=0 -> 2/3
    assert macro_f1(
        ["billing", "billing", "sales"],
        ["billing", "sales", "sales"],
        ["billing", "sales", "general"],
    ) == pytest.approx(2 / 3)


def test_within_one_level_and_urgent_metrics() -> None:
    gold = ["urgent", "urgent", "urgent", "low"]
    predicted = ["urgent", "high", "medium", "high"]
    assert within_one_level(gold, predicted) == 0.5
    assert urgent_recall(gold, predicted) == pytest.approx(1 / 3)
    assert urgent_below_high(gold, predicted) == 1


def test_urgent_recall_without_urgent_cases_is_one() -> None:
    assert urgent_recall(["low"], ["high"]) == 1.0


def test_confusion_table_rows_are_gold() -> None:
    table = confusion_table(["billing", "billing", "sales"], ["billing", "sales", "sales"])
    assert table["billing"]["billing"] == 1
    assert table["billing"]["sales"] == 1
    assert table["sales"]["sales"] == 1
    assert table["sales"]["billing"] == 0


def test_lengths_must_agree() -> None:
    with pytest.raises(ValueError):
        accuracy(["a"], [])


def test_report_names_every_metric() -> None:
    gold = [{"category": "billing", "priority": "urgent", "sentiment": "neutral"}]
    predicted = [{"category": "sales", "priority": "medium", "sentiment": "neutral"}]
    scores = score_decisions(gold, predicted)
    report = format_report(scores)
    assert scores.category_accuracy == 0.0
    assert scores.urgent_below_high == 1
    assert scores.sentiment_accuracy == 1.0
    for label in (
        "category accuracy",
        "macro-F1",
        "priority exact",
        "within one",
        "urgent recall",
        "sentiment",
        "confusion",
    ):
        assert label in report

"""Score triage decisions against gold labels, and print a readable report.

Pure functions over plain sequences, so the management command, the tests
and the benchmarks share one definition of every metric.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from triage.vocabulary import CATEGORIES, PRIORITIES


@dataclass(frozen=True)
class Scores:
    """Every metric the guide asks for, plus the category confusion table."""

    cases: int
    category_accuracy: float
    category_macro_f1: float
    priority_accuracy: float
    priority_within_one: float
    urgent_recall: float
    urgent_below_high: int
    sentiment_accuracy: float
    confusion: dict[str, dict[str, int]]


def accuracy(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Share of exact matches; 0.0 for no cases."""
    _check_lengths(gold, predicted)
    return sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold) if gold else 0.0


def macro_f1(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> float:
    """Unweighted mean F1 over labels that occur in gold or predictions."""
    _check_lengths(gold, predicted)
    scores = []
    for label in labels:
        tp = sum(g == label and p == label for g, p in zip(gold, predicted, strict=True))
        fp = sum(g != label and p == label for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted, strict=True))
        if tp + fp + fn == 0:
            continue  # label absent everywhere: it says nothing either way
        scores.append(2 * tp / (2 * tp + fp + fn))
    return sum(scores) / len(scores) if scores else 0.0


def within_one_level(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Share of priorities at most one level away from gold."""
    _check_lengths(gold, predicted)
    if not gold:
        return 0.0
    rank = {p: i for i, p in enumerate(PRIORITIES)}
    return sum(abs(rank[g] - rank[p]) <= 1 for g, p in zip(gold, predicted, strict=True)) / len(gold)


def urgent_recall(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Share of gold-urgent cases triaged urgent (1.0 when there are none)."""
    pairs = [(g, p) for g, p in zip(gold, predicted, strict=True) if g == "urgent"]
    return sum(p == "urgent" for _, p in pairs) / len(pairs) if pairs else 1.0


def urgent_below_high(gold: Sequence[str], predicted: Sequence[str]) -> int:
    """Gold-urgent cases triaged medium or low: the worst mistake."""
    return sum(g == "urgent" and p in ("low", "medium") for g, p in zip(gold, predicted, strict=True))


def confusion_table(
    gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str] = CATEGORIES
) -> dict[str, dict[str, int]]:
    """counts[gold][predicted] for every pair of labels."""
    _check_lengths(gold, predicted)
    table = {g: {p: 0 for p in labels} for g in labels}
    for g, p in zip(gold, predicted, strict=True):
        table.setdefault(g, {q: 0 for q in labels}).setdefault(p, 0)
        table[g][p] += 1
    return table


def score_decisions(gold: Sequence[dict[str, str]], predicted: Sequence[dict[str, str]]) -> Scores:
    """All metrics for paired gold labels and predictions (dicts with category/priority/sentiment)."""
    _check_lengths(gold, predicted)

    def column(rows: Sequence[dict[str, str]], key: str) -> list[str]:
        return [row[key] for row in rows]

    gold_cat, pred_cat = column(gold, "category"), column(predicted, "category")
    gold_pri, pred_pri = column(gold, "priority"), column(predicted, "priority")
    return Scores(
        cases=len(gold),
        category_accuracy=accuracy(gold_cat, pred_cat),
        category_macro_f1=macro_f1(gold_cat, pred_cat, CATEGORIES),
        priority_accuracy=accuracy(gold_pri, pred_pri),
        priority_within_one=within_one_level(gold_pri, pred_pri),
        urgent_recall=urgent_recall(gold_pri, pred_pri),
        urgent_below_high=urgent_below_high(gold_pri, pred_pri),
        sentiment_accuracy=accuracy(column(gold, "sentiment"), column(predicted, "sentiment")),
        confusion=confusion_table(gold_cat, pred_cat),
    )


def format_report(scores: Scores, title: str = "Triage evaluation") -> str:
    """A plain-text report: the metrics, then the confusion table (rows are gold)."""
    rows = [
        ("cases", str(scores.cases)),
        ("category accuracy", f"{scores.category_accuracy:.3f}"),
        ("category macro-F1", f"{scores.category_macro_f1:.3f}"),
        ("priority exact", f"{scores.priority_accuracy:.3f}"),
        ("priority within one", f"{scores.priority_within_one:.3f}"),
        ("urgent recall", f"{scores.urgent_recall:.3f}"),
        ("urgent triaged below high", str(scores.urgent_below_high)),
        ("sentiment accuracy", f"{scores.sentiment_accuracy:.3f}"),
    ]
    lines = [title, "=" * len(title)]
    lines += [f"{name:<27}{value}" for name, value in rows]
    lines += [
        "",
        "Category confusion (rows: gold, columns: predicted)",
    ]
    labels = list(scores.confusion)
    width = max(len(label) for label in labels) + 2
    lines.append(" " * width + "".join(label[:9].rjust(10) for label in labels))
    for gold_label in labels:
        row = scores.confusion[gold_label]
        lines.append(gold_label.ljust(width) + "".join(str(row.get(p, 0)).rjust(10) for p in labels))
    return "\n".join(lines)


def _check_lengths(gold: Sequence[object], predicted: Sequence[object]) -> None:
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions.")

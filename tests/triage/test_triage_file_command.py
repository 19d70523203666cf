import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tickets.models import Ticket
from triage.models import TriageRule

pytestmark = pytest.mark.django_db
DEV_SET = Path(__file__).resolve().parents[2] / "docs" / "triage" / "dev.jsonl"
OUTPUT_KEYS = {
    "id",
    "category",
    "priority",
    "priority_score",
    "sentiment",
    "assigned_team",
    "suggested_reply",
    "next_action",
    "reasons",
    "rules_version",
}


def test_prints_one_json_object_per_case_and_writes_nothing(tmp_path, capsys, reference_ticket):
    cases = tmp_path / "cases.jsonl"
    cases.write_text(json.dumps({"id": "R1", **reference_ticket}) + "\n\n" + json.dumps({"id": "R2", "message": "Hi"}))

    call_command("triage_file", str(cases))

    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["id"] for line in lines] == ["R1", "R2"]
    assert set(lines[0]) == OUTPUT_KEYS
    assert (lines[0]["category"], lines[0]["priority"], lines[0]["priority_score"]) == ("technical", "urgent", 95)
    assert Ticket.objects.count() == 0


def test_uses_the_active_rules_of_the_save_hook(tmp_path, capsys):
    cases = tmp_path / "cases.jsonl"
    cases.write_text(json.dumps({"id": "P", "subject": "", "message": "Where is my parcel?"}))
    TriageRule.objects.create(phrase="parcel*", target="category", value="billing", weight=9)

    call_command("triage_file", str(cases))

    assert json.loads(capsys.readouterr().out)["category"] == "billing"


def test_bad_lines_are_reported_and_skipped(tmp_path, capsys):
    cases = tmp_path / "cases.jsonl"
    cases.write_text(
        '{"id": "ok", "message": "Hello"}\nnot json\n{"id": "x", "message": ""}\n'
        '{"id": "y", "message": "hi", "customer_tier": "gold"}\n'
    )

    call_command("triage_file", str(cases))

    captured = capsys.readouterr()
    assert [json.loads(line)["id"] for line in captured.out.splitlines()] == ["ok"]
    assert "line 2:" in captured.err and "line 3:" in captured.err and "line 4: unknown customer_tier" in captured.err


def test_report_on_the_dev_set_meets_the_floors(capsys):
    call_command("triage_file", str(DEV_SET), "--report")

    out = capsys.readouterr().out
    metrics = (line.rsplit(None, 1) for line in out.splitlines() if line[:1].isalpha() and " " in line)
    report = {label.strip(): value for label, value in metrics}
    assert float(report["category accuracy"]) >= 0.90
    assert float(report["priority exact"]) >= 0.75
    assert float(report["priority within one"]) >= 0.97
    assert float(report["sentiment accuracy"]) >= 0.85
    assert report["urgent triaged below high"] == "0"
    assert "Category confusion" in out


def test_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="No such file"):
        call_command("triage_file", "/nonexistent/cases.jsonl")

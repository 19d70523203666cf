"""Evidence read from the form of the text (error codes, negated verbs, head counts, questions), not its vocabulary."""

import pytest

from tests.triage.conftest import run


@pytest.mark.parametrize(
    "message",
    [
        "Saving a draft gives Error 7731 and nothing else.",
        "The report builder shows ERR_LEDGER_LOCKED when I open it.",
        "Booking a room ends with code RM-5520 on the confirmation step.",
        "Every call to the shipments endpoint returns 503 since noon.",
        "The upload page answers 413 Payload Too Large for the floor plans.",
        "The desktop client throws NullPointerException on start.",
    ],
)
def test_error_codes_and_statuses_are_technical_problems(message: str) -> None:
    result = run("", message)
    assert result.category == "technical"
    assert result.priority != "low"


@pytest.mark.parametrize(
    "message",
    [
        "The seating chart won't save after I move a table.",
        "My playlist doesn't sync to the watch.",
        "The booking calendar never confirms the slot.",
        "The barcode scanner isn't reading labels on the new tablets.",
        "Our timesheets wouldn't submit this morning.",
    ],
)
def test_a_function_with_a_negated_verb_is_a_technical_problem(message: str) -> None:
    result = run("", message)
    assert result.category == "technical"
    assert result.priority in ("medium", "high")


@pytest.mark.parametrize(
    "message",
    [
        "Since the update the tide charts stopped refreshing.",
        "Since Monday the shared inbox won't load any new mail.",
        "After updating the app, invoices no longer print.",
        "The bank feed stopped importing transactions on Friday.",
    ],
)
def test_a_function_that_worked_before_is_broken_and_high(message: str) -> None:
    assert run("", message).priority == "high"


@pytest.mark.parametrize(
    "message",
    [
        "I don't need the export any more, thanks.",
        "We don't want the weekly digest, how do I turn it off?",
        "I'm not sure how to share a folder.",
        "Switched last year and never looking back.",
        "The docs aren't clear about webhooks, is there an example?",
    ],
)
def test_negations_that_report_no_failure_stay_low(message: str) -> None:
    assert run("", message).priority == "low"


@pytest.mark.parametrize(
    "message",
    [
        "The dispatch board is blank for 40 drivers and the trucks are waiting.",
        "Checkout errors out for 300 shoppers at once.",
        "25 of us are staring at a frozen screen, the rota won't load.",
        "The check-in app fails for 120 attendees at the door.",
    ],
)
def test_a_problem_for_a_head_count_of_people_is_urgent(message: str) -> None:
    assert run("", message).priority == "urgent"


def test_a_head_count_in_a_purchase_is_not_people_affected() -> None:
    result = run("", "We plan to buy 40 more seats for our drivers, what would that cost?")
    assert result.category == "sales"
    assert result.priority != "urgent"


@pytest.mark.parametrize(
    "message",
    [
        "Does the Team plan include audit logs?",
        "Which currencies can invoices be issued in?",
        "Is there a limit on the number of boards?",
        "What time zone do the reports use?",
    ],
)
def test_a_question_ending_in_a_question_mark_is_low(message: str) -> None:
    assert run("", message).priority == "low"

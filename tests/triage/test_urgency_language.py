"""Urgent incidents told without the usual words, and near-misses that must stay below urgent."""

import pytest

from tests.triage.conftest import run


def _signals(subject: str, message: str = "") -> set[str]:
    return {r.value for r in run(subject, message).reasons if r.output == "signal"}


@pytest.mark.parametrize(
    "message",
    [
        "All our records disappeared overnight.",
        "Every contact in the CRM is missing after the sync.",
        "The whole shared folder is empty, months of documents gone.",
        "Our entire order history has been deleted.",
        "The client list was wiped by the import, all of it.",
        "Years of project notes are gone since the update.",
    ],
)
def test_data_gone_at_scale_is_urgent_data_loss(message: str) -> None:
    assert run("", message).priority == "urgent"
    assert "data_loss" in _signals("", message)


@pytest.mark.parametrize(
    "message",
    [
        "Every order fails at checkout since this morning.",
        "We can't save anything, each save throws an error.",
        "All transactions on our store are failing.",
        "None of our writes go through, the database rejects them.",
        "Orders are not going through at all on our shop.",
        "No bookings are coming through since the update.",
        "The kitchen display isn't receiving any orders during service.",
    ],
)
def test_wholesale_failure_on_orders_payments_or_saving_is_urgent(message: str) -> None:
    assert run("", message).priority == "urgent"


@pytest.mark.parametrize(
    "message",
    [
        "The restaurant can't see incoming orders.",
        "Our cashiers cannot take payments.",
        "The clinic cannot book appointments, patients are waiting.",
        "Our drivers can't open their routes.",
        "The box office can't sell tickets tonight.",
        "Nobody in the call centre can take calls.",
        "My students cannot finish the module.",
    ],
)
def test_a_business_or_a_group_that_cannot_work_is_urgent(message: str) -> None:
    assert run("", message).priority == "urgent"


@pytest.mark.parametrize(
    "message",
    [
        "Someone is using our API token to pull customer data.",
        "Somebody accessed our admin panel last night and exported the contacts.",
        "Our admin password was stolen in a phishing mail.",
        "A former employee is still logging in and downloading files.",
        "An unknown person has been sending invoices from our account.",
    ],
)
def test_an_unknown_actor_or_stolen_credentials_is_a_security_incident(message: str) -> None:
    assert run("", message).priority == "urgent"
    assert "security" in _signals("", message)


@pytest.mark.parametrize(
    "message",
    [
        "What happens if my data is lost?",
        "If the sync fails, will we lose all our contacts?",
        "How do I prevent data loss when importing?",
        "What should we do if someone logs into our account from abroad?",
        "We want to make sure nobody can see other customers' data. How is that enforced?",
        "Could you delete all our test data from the sandbox?",
        "Can all users export their own data?",
    ],
)
def test_hypotheticals_requests_and_how_tos_are_not_urgent(message: str) -> None:
    assert run("", message).priority != "urgent"


@pytest.mark.parametrize(
    "message",
    [
        "My colleague can't find the export button.",
        "One of our cashiers cannot log in, the others are fine.",
        "A customer can't find the checkout button on mobile.",
        "I can't upload any files, it says upload failed.",
        "Sometimes a payment fails and the buyer retries successfully.",
        "Upload fails for every file over 100mb.",
    ],
)
def test_one_person_or_a_partial_failure_is_not_urgent(message: str) -> None:
    assert run("", message).priority != "urgent"


@pytest.mark.parametrize(
    "message",
    [
        "Yesterday's outage is now resolved, we just want a post-mortem.",
        "Our website was down last Tuesday, it was fixed quickly. Could you send a report?",
        "We had a data loss scare last week but it turned out fine.",
        "Nothing got lost in the migration, thanks.",
        "All our old reports are missing a logo.",
        "Nobody can tell me why my invoice is wrong.",
        "None of the people I invited have received the e-mail yet.",
    ],
)
def test_incidents_that_are_over_or_not_a_stoppage_are_not_urgent(message: str) -> None:
    assert run("", message).priority != "urgent"


def test_a_singular_subject_is_told_from_the_plural() -> None:
    assert run("", "Our colleagues can't log in since 9am.").priority == "urgent"
    assert run("", "My colleague can't log in since 9am.").priority != "urgent"


def test_notes_is_a_noun_not_a_negator() -> None:
    assert "data_loss" in _signals("", "Half of the notes on my deals disappeared after the update.")


def test_a_scope_word_about_frequency_is_not_a_scope() -> None:
    assert run("", "Every time I open the app the banner shows again, a bit annoying.").priority != "urgent"
    assert run("", "My students lost their homework all the time on USB sticks, now it is safe.").priority != "urgent"


def test_an_incident_still_going_on_after_a_fix_stays_urgent() -> None:
    assert run("", "It was fixed on Monday but the site is still down.").priority == "urgent"

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


@pytest.mark.parametrize(
    ("message", "category"),
    [
        (
            "The outage yesterday was resolved, the API was down for four hours. Can you send us an incident report?",
            "technical",
        ),
        ("Sync failed for all our users last week but it was restored. Can you explain what happened?", "technical"),
        (
            "Someone logged into our admin account from Brazil and changed the owner email. How do I lock them out?",
            "account",
        ),
        ("There is an unknown login in our account right now from another country. How can I force it out?", "account"),
    ],
)
def test_taking_urgency_back_keeps_the_category(message: str, category: str) -> None:
    assert run("", message).category == category


@pytest.mark.parametrize(
    "message",
    [
        "There is an unknown login in our account right now from another country. how can I force it out?",
        "Every order fails at checkout since noon. Is there a status page I can watch?",
        "Our entire customer list was wiped after the import. How do I get it back?",
        "All our cashiers cannot take payments at the moment. What should we tell customers meanwhile?",
        "Last month's outage was fixed quickly. Now none of our staff can log in at all.",
    ],
)
def test_a_question_in_another_sentence_leaves_a_live_incident_urgent(message: str) -> None:
    assert run("", message).priority == "urgent"


@pytest.mark.parametrize(
    "message",
    [
        "What happens if someone gets into our account while I'm on holiday?",
        "How do I make sure all our users can still log in if the SSO provider goes down?",
        "If every order failed at checkout, would we be notified?",
    ],
)
def test_a_question_governing_the_clause_is_no_incident(message: str) -> None:
    decision = run("", message)
    assert decision.priority == "low"
    assert decision.category == "general"


@pytest.mark.parametrize(
    "message",
    [
        "Every one of our 40 agents gets an error when opening the inbox.",
        "Each of our 25 staff is locked out of the scheduling screen since this morning.",
        "All 80 technicians can't open their work orders today.",
        "Our 12 nurses cannot chart in the app since the update.",
        "None of our 30 drivers can load today's routes.",
    ],
)
def test_every_one_of_a_counted_group_is_many_people(message: str) -> None:
    assert run("", message).priority == "urgent"


@pytest.mark.parametrize(
    "message",
    [
        "Every time I open the inbox I get an error.",
        "Each morning the report takes 5 minutes to load.",
        "Two of our 40 agents get an error when opening the inbox.",
    ],
)
def test_a_frequency_or_a_part_of_the_group_is_not_everyone(message: str) -> None:
    assert run("", message).priority != "urgent"


@pytest.mark.parametrize(
    "message",
    [
        "A friend's company lost a month of invoices with another tool. Do you keep backups of our data?",
        "I read that a competitor of yours was hacked and all their customer data leaked. How do you protect our account?",
        "My neighbour's shop had all its orders deleted by their old provider. Is there a way to export ours regularly?",
        "Another company we know had every record wiped by ransomware. What is your backup policy?",
        "A colleague at another firm said their team couldn't work for a day when their vendor went down. What is your uptime?",
    ],
)
def test_someone_elses_incident_is_a_question_not_an_incident(message: str) -> None:
    decision = run("", message)
    assert decision.priority == "low"
    assert decision.category == "general"


def test_a_customers_client_is_still_the_customers_business() -> None:
    assert (
        run("", "Our client's shop cannot take any orders through our integration since this morning.").priority
        == "urgent"
    )


@pytest.mark.parametrize(
    ("message", "category"),
    [
        ("A competitor quoted us 30% less for the same seats. Could you match their price?", "sales"),
        ("A rival quoted us a cheaper annual plan. What discount can you offer on an upgrade?", "sales"),
        ("My neighbour runs a shop on your platform. Could we get a quote for the enterprise plan?", "sales"),
    ],
)
def test_a_clause_that_only_mentions_someone_else_keeps_its_topic(message: str, category: str) -> None:
    assert run("", message).category == category


def test_a_break_in_that_names_the_account_team_explains_it_as_a_category_reason() -> None:
    # The security hit that names the account team is listed among the category's reasons, as one.
    decision = run(
        "Unknown IP using our admin key", "Someone is creating users with our admin key. Possible compromise."
    )
    category_reasons = [r for r in decision.reasons if r.output == "category"]
    assert decision.category == "account"
    assert all(r.value == "account" for r in category_reasons)
    assert any(r.rule == "compromised" for r in category_reasons)  # the security phrase, as a category reason

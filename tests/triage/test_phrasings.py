"""Each priority concept is recognised however the customer words it: five ways or more per rule."""

import pytest

from tests.triage.conftest import run


def _signals(subject: str, message: str = "") -> set[str]:
    return {r.value for r in run(subject, message).reasons if r.output == "signal"}


@pytest.mark.parametrize(
    "message",
    [
        "The whole platform went down ten minutes ago.",
        "Your site is dead, nothing loads.",
        "The dashboard is unreachable from every network we tried.",
        "We get 'service unavailable' on every page.",
        "The API is offline since this morning.",
        "The app went offline for all of our users.",
    ],
)
def test_outage_wordings_are_urgent(message: str) -> None:
    assert run("", message).priority == "urgent"


@pytest.mark.parametrize(
    "message",
    [
        "Since the update our agents can't log in and the queue is piling up.",
        "None of us can open a project since 9am.",
        "Our whole team can't work, every page errors.",
        "Work has ground to a halt: the board will not load for anyone.",
        "Our customers can't pay at checkout since last night.",
        "We cannot take payments through the payment links any more.",
    ],
)
def test_team_or_revenue_blocked_wordings_are_urgent(message: str) -> None:
    assert run("", message).priority == "urgent"


@pytest.mark.parametrize(
    "message",
    [
        "We lost all our project notes after the sync.",
        "Half of our contacts are gone after the import.",
        "The migration deleted everything in the shared folder.",
        "Our files got corrupted when we restored the backup.",
        "We are losing data every time the form saves.",
    ],
)
def test_data_loss_wordings_are_urgent(message: str) -> None:
    assert run("", message).priority == "urgent"


@pytest.mark.parametrize(
    "message",
    [
        "I got an alert that my password was changed, and it was not me.",
        "There is a login from an unrecognised device on my account.",
        "Someone logged into our admin account last night.",
        "We think there was unauthorised access to our workspace.",
        "In the reports tab I can see another company's customer list - looks like a data leak.",
        "Our account is sending spam to all our contacts.",
    ],
)
def test_security_wordings_are_urgent(message: str) -> None:
    assert run("", message).priority == "urgent"


@pytest.mark.parametrize(
    "message",
    [
        "This is urgent: the nightly import failed and our month-end close is blocked.",
        "Urgent - the export keeps failing and it is blocking our audit.",
        "Emergency: I cannot get into the billing page and our payroll run is held up.",
        "ASAP please, the sync won't let us publish the schedule.",
        "Top priority: the integration failure is preventing us from invoicing.",
    ],
)
def test_urgency_claim_with_something_blocked_is_urgent(message: str) -> None:
    assert run("", message).priority == "urgent"


@pytest.mark.parametrize(
    "message",
    [
        "You charged me twice for the same month.",
        "I seem to have paid twice for the annual plan.",
        "There is a duplicate charge on my card.",
        "We were billed us twice, two charges for one invoice.",
        "The renewal was debited twice from our account.",
    ],
)
def test_double_charge_wordings_are_high_billing(message: str) -> None:
    decision = run("", message)
    assert (decision.category, decision.priority) == ("billing", "high")


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        ("slow today", "The app is very slow today, pages take ages."),
        ("declined", "My card was declined today, can finance look into it?"),
        ("sync", "The sync failed earlier today but worked after a retry."),
        ("typo", "Noticed a typo on the settings page today."),
        ("lag", "Some lag on the editor today, still usable."),
    ],
)
def test_today_saying_when_is_not_a_deadline(subject: str, message: str) -> None:
    assert "deadline" not in {r.rule for r in run(subject, message).reasons if r.output == "priority"}


@pytest.mark.parametrize(
    "message",
    [
        "Could you send the invoice today? Our books close tonight.",
        "Please reissue the receipt today.",
        "We need the quote by tomorrow morning.",
        "Can you extend the trial? It ends tomorrow.",
        "Please have the seats added before 5pm.",
    ],
)
def test_deadlines_make_a_request_high(message: str) -> None:
    assert run("", message).priority == "high"


@pytest.mark.parametrize(
    "message",
    [
        "The mobile app crashes whenever I attach a photo.",
        "Whenever I export, the file is empty.",
        "It freezes whenever two people edit at once.",
        "Whenever I open a report, it shows an error.",
        "Whenever I sync, the contacts duplicate.",
    ],
)
def test_whenever_describing_a_bug_is_not_negated_urgency(message: str) -> None:
    assert "negated_urgency" not in _signals("", message)


@pytest.mark.parametrize(
    "message",
    [
        "No rush, whenever you get a chance.",
        "Whenever you can, please fix the label.",
        "No urgency at all, just flagging it.",
        "Low priority - at your convenience.",
        "Not time sensitive, look at it when you have a moment.",
    ],
)
def test_no_hurry_wordings_are_negated_urgency(message: str) -> None:
    assert "negated_urgency" in _signals("", message)


@pytest.mark.parametrize(
    "message",
    [
        "My team can't stop talking about the new board view!",
        "Can't wait to try the new calendar.",
        "I can't thank you enough for the quick fix.",
        "We can't stop using the templates, great work.",
        "Honestly can't wait for the mobile release.",
    ],
)
def test_cannot_idioms_block_nothing(message: str) -> None:
    assert "blocked" not in _signals("", message)

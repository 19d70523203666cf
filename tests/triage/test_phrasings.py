"""Each concept is recognised however the customer words it: five ways or more per rule."""

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


@pytest.mark.parametrize(
    "message",
    [
        "Oh great, the buttons moved again.",
        "Oh wonderful, another redesign nobody asked for.",
        "Just great, the layout changed overnight.",
        "What a great way to treat loyal customers.",
        "Oh perfect, the menu is somewhere else now.",
    ],
)
def test_sarcastic_praise_reads_negative(message: str) -> None:
    assert run("", message).sentiment == "negative"


@pytest.mark.parametrize(
    "message",
    [
        "That fixed it, thanks so much!",
        "Many thanks, that worked perfectly.",
        "You're a lifesaver, much appreciated!",
        "Thank you very much, it works now. Wonderful support.",
        "It's not bad at all, actually quicker than before.",
    ],
)
def test_thanks_and_mild_praise_read_positive(message: str) -> None:
    assert run("", message).sentiment == "positive"


@pytest.mark.parametrize(
    "message",
    [
        "Why is it so hard to find the export button??",
        "Support has been pretty poor lately.",
        "The new editor is painful to use.",
        "Your plans are overpriced for small teams.",
        "Nobody got back to me about the quote.",
    ],
)
def test_frustration_wordings_read_negative(message: str) -> None:
    assert run("", message).sentiment == "negative"


@pytest.mark.parametrize(
    "message",
    [
        "What's the lowest you can go for 20 seats? Your price is ridiculous.",
        "Ridiculous pricing. Please send a quote for 30 seats.",
        "Any chance of a better price? This is outrageous for 10 users.",
        "Your demo booking is a joke. Can we get a demo next week?",
        "Can we add 5 seats? Unacceptable that it takes a call.",
    ],
)
def test_anger_does_not_lift_a_sales_request(message: str) -> None:
    assert run("", message).priority == "medium"


@pytest.mark.parametrize(
    ("subject", "message", "category"),
    [
        ("seats", "We'd like to add 10 seats, and how do I change the sidebar colour?", "sales"),
        ("seats", "Please add 3 seats to our plan.", "sales"),
        ("seats", "Can we get 25 additional seats?", "sales"),
        ("export", "hw do i export a page to pdf? cant see the option anywhere", "general"),
        ("audit log", "The audit log shows times in UTC rather than our timezone.", "technical"),
    ],
)
def test_numbers_and_chat_spellings_do_not_hide_the_topic(subject: str, message: str, category: str) -> None:
    assert run(subject, message).category == category

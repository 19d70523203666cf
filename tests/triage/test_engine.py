import json

import pytest

from tests.triage.conftest import run
from triage.engine import TicketFacts, triage
from triage.rules import RuleSet, load_default_rules
from triage.vocabulary import PRIORITY_BANDS


def test_reference_example_from_the_guide() -> None:
    decision = run(
        "Cannot login",
        "This is urgent. I cannot login and my team is blocked today.",
        "standard",
        "email",
    )
    assert decision.category == "technical"
    assert decision.priority == "urgent"
    assert decision.priority_score == 95
    assert decision.sentiment == "neutral"
    assert decision.assigned_team == "technical_support"


@pytest.mark.parametrize(
    ("subject", "message", "category"),
    [
        ("Invoice copy", "Could you send me a copy of the March invoice?", "billing"),
        ("charged twice", "You charged my card twice this month.", "billing"),
        (
            "card declined",
            "My card keeps getting declined when I pay the invoice.",
            "billing",
        ),
        (
            "app crashes",
            "The desktop app crashes whenever I open a report.",
            "technical",
        ),
        ("sync error", "Sync fails with an error since this morning.", "technical"),
        ("slow", "Everything is very slow to load today.", "technical"),
        ("password", "Please reset my password, I forgot it.", "account"),
        ("locked out", "I'm locked out of my account.", "account"),
        (
            "new user",
            "Please add a user to our workspace with editor permissions.",
            "account",
        ),
        ("pricing", "How much is the Business plan for 20 users?", "sales"),
        ("demo", "We would like a demo for our team next week.", "sales"),
        ("reseller", "We want to resell your product to our clients.", "sales"),
        ("question", "How do I change the colour of my dashboard?", "general"),
        ("idea", "Feature request: it would be nice to have a dark mode.", "general"),
        ("thanks", "Love the new dashboard, great job!", "general"),
    ],
)
def test_typical_phrasing_picks_the_category(subject: str, message: str, category: str) -> None:
    assert run(subject, message).category == category


@pytest.mark.parametrize(
    ("message", "category"),
    [
        # 1: the concrete problem beats the mood around it
        ("The app is great but export crashes every time.", "technical"),
        # 2: money already moved is billing, money that may move later is sales
        ("How much is the Pro plan?", "sales"),
        ("You charged me for Pro twice.", "billing"),
        # 3: a login problem is account only when it names credentials and the like
        ("I can't log in, the page just reloads.", "technical"),
        ("I can't log in, it says my password is wrong.", "account"),
        ("I can't log in since my 2FA codes stopped arriving.", "account"),
        # 4: two problems: the more blocking one wins
        (
            "The company name on my invoice is misspelled. Also the app crashes on start every time.",
            "technical",
        ),
    ],
)
def test_guide_tie_breaks(message: str, category: str) -> None:
    assert run("", message).category == category


@pytest.mark.parametrize(
    ("subject", "message", "tier", "priority"),
    [
        # enterprise raises a problem one level ...
        (
            "Duplicate contacts",
            "Every form creates two contacts. We merge them manually.",
            "standard",
            "medium",
        ),
        (
            "Duplicate contacts",
            "Every form creates two contacts. We merge them manually.",
            "enterprise",
            "high",
        ),
        # ... but never a question or praise
        (
            "Invoices",
            "Quick question: are invoices issued on the 1st?",
            "enterprise",
            "low",
        ),
        (
            "Thanks",
            "Your support team was outstanding, thank you!",
            "enterprise",
            "low",
        ),
        # free never raises and never lowers
        ("data gone", "The sync deleted all my photos.", "free", "urgent"),
        # negated urgency lowers one level, never below low
        ("quote", "Could you send a quote for 20 seats? No rush.", "standard", "low"),
        ("docs", "Not urgent: where is the API documentation?", "standard", "low"),
        # clear anger lifts a medium problem to high, never a low one, never to urgent
        (
            "export",
            "The CSV export has a wrong column, I fix it by hand. Ridiculous.",
            "standard",
            "high",
        ),
        ("feature", "Why is there still no dark mode?? Ridiculous.", "standard", "low"),
    ],
)
def test_priority_adjustments(subject: str, message: str, tier: str, priority: str) -> None:
    assert run(subject, message, tier).priority == priority


def test_premium_scores_higher_inside_the_same_band() -> None:
    message = "Our API calls time out for large uploads; retries don't help."
    standard, premium = run("api", message, "standard"), run("api", message, "premium")
    assert standard.priority == premium.priority == "high"
    assert premium.priority_score > standard.priority_score


def test_anger_alone_never_makes_urgent() -> None:
    decision = run(
        "",
        "Your export has a bug. This is unacceptable, worst service ever, I'm fed up!",
    )
    assert decision.priority == "high"


def test_urgency_word_without_impact_does_not_raise() -> None:
    assert run("URGENT", "URGENT: please send me our 2023 invoices.").priority == "medium"
    assert run("URGENT", "URGENT!! how do I change my avatar?").priority == "low"


@pytest.mark.parametrize(
    ("message", "has_negated_urgency"),
    [
        ("Not urgent at all, the tooltip is cut off.", True),
        ("No rush, the date shows UTC.", True),
        ("Nothing is broken, the label just looks odd.", True),
        ("It's not a big deal but the icon is blurry.", True),
        ("Whenever you can, please fix the typo.", True),
        ("The page is not loading and this is urgent, we cannot work.", False),
    ],
)
def test_negated_urgency_is_recognised(message: str, has_negated_urgency: bool) -> None:
    reasons = [(r.output, r.value) for r in run("", message).reasons]
    assert (("signal", "negated_urgency") in reasons) is has_negated_urgency


@pytest.mark.parametrize(
    ("message", "sentiment"),
    [
        ("I'm not happy with the new layout.", "negative"),
        ("Not bad at all - the new search is really fast. Well done.", "positive"),
        (
            "Not a complaint, quite the opposite: offline mode saved me. Thanks!",
            "positive",
        ),
        ("This is urgent. I cannot login and my team is blocked today.", "neutral"),
        ("Please send the April invoice. Thanks in advance, kind regards.", "neutral"),
        ("The search still doesn't find contacts by phone number.", "negative"),
        ("Thanks for locking me out of my own account. Super helpful.", "negative"),
        ("Love the new dashboard, you saved my day!", "positive"),
    ],
)
def test_sentiment_follows_the_guide(message: str, sentiment: str) -> None:
    assert run("", message).sentiment == sentiment


def test_negated_problem_verb_is_still_a_problem() -> None:
    for message in (
        "The app isn't working.",
        "The dashboard is not loading.",
        "Sync doesn't work at all.",
    ):
        assert run("", message).category == "technical"


@pytest.mark.parametrize(
    "subject",
    ["log in fails", "logging in fails", "logged in? no, fails", "login fails"],
)
def test_login_inflections_match_the_same_rules(subject: str) -> None:
    assert run(subject, "").category == "technical"


def test_debug_does_not_count_as_a_bug() -> None:
    decision = run("", "How can I debug my email campaign before sending?")
    assert decision.category == "general"
    assert "bug" not in [r.rule for r in decision.reasons]


def test_subject_words_count_more_than_message_words() -> None:
    assert run("Charged twice for annual plan", "Screenshot attached.").category == "billing"
    weights = [r.weight for r in run("refund", "refund").reasons if r.rule == "refund*"]
    assert sorted(weights) == [3.0, 4.5]  # 3 in the message, 3 x 1.5 in the subject


def test_every_decision_names_its_reasons() -> None:
    decision = run("Charged twice", "You charged me twice, refund one please.", "enterprise")
    rules = {(r.output, r.rule) for r in decision.reasons}
    assert ("category", "charged twice") in rules
    assert ("priority", "double_charge") in rules
    assert ("priority", "enterprise_raise") in rules
    assert all(r.detail for r in decision.reasons)


def test_decision_is_json_serialisable() -> None:
    data = run("Cannot login", "I cannot login.").as_dict()
    assert json.loads(json.dumps(data)) == data
    assert isinstance(data["reasons"], list) and isinstance(data["reasons"][0], dict)


def test_score_is_inside_the_band_for_every_dev_case(
    dev_cases: list[dict[str, str]],
) -> None:
    for case in dev_cases:
        decision = run(case["subject"], case["message"], case["customer_tier"], case["source"])
        low, high = PRIORITY_BANDS[decision.priority]
        assert low <= decision.priority_score <= high, case["id"]


def test_custom_rules_and_team_routing_are_used() -> None:
    rules = RuleSet.from_data(
        [{"phrase": "widget*", "target": "category", "value": "sales", "weight": 5}],
        {"sales": "support"},
    )
    decision = triage(TicketFacts("widgets", "I want widgets"), rules)
    assert decision.category == "sales"
    assert decision.assigned_team == "support"
    assert decision.rules_version == rules.version != load_default_rules().version


def test_unknown_tier_is_treated_as_standard() -> None:
    message = "Every form creates two contacts. We merge them manually."
    assert run("x", message, "platinum").priority == run("x", message, "standard").priority

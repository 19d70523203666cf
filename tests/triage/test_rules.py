import pytest

from triage.rules import (
    RULE_TARGETS,
    SIGNALS,
    InvalidPhrase,
    InvalidRule,
    Rule,
    RuleSet,
    load_default_rules,
    validate_phrase,
)
from triage.vocabulary import CATEGORIES


@pytest.mark.parametrize(
    ("phrase", "normalised"),
    [
        ("refund*", "refund*"),
        ("  Double   Charged ", "doubl charg"),
        ("can't log in", "cannot login"),
        ("log-in", "login"),
        ("2FA", "2fa"),
        ("money back", "money back"),
        ("café", "cafe"),
    ],
)
def test_validate_phrase_accepts_words(phrase: str, normalised: str) -> None:
    assert validate_phrase(phrase) == normalised


@pytest.mark.parametrize(
    ("phrase", "message"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("*fund", "must end a word"),
        ("re*fund", "may only end a word"),
        ("*", "must end a word"),
        ("refund|charge", "not allowed"),
        ("(urgent)", "not allowed"),
        ("urgent!", "not allowed"),
        ("a" * 81, "at most 80 characters"),
        ("one two three four five six seven", "at most 6 words"),
        ("'''", "at least one letter"),
    ],
)
def test_validate_phrase_refuses_with_a_clear_message(phrase: str, message: str) -> None:
    with pytest.raises(InvalidPhrase, match=message):
        validate_phrase(phrase)


def test_invalid_phrase_is_a_value_error() -> None:
    assert issubclass(InvalidPhrase, ValueError)


@pytest.mark.parametrize(
    ("target", "value", "weight"),
    [
        ("colour", "red", 1),
        ("category", "refunds", 1),
        ("signal", "billing", 1),
        ("category", "billing", 0),
        ("category", "billing", 11),
        ("category", "billing", float("nan")),
    ],
)
def test_rule_refuses_unknown_targets_values_and_weights(target: str, value: str, weight: float) -> None:
    with pytest.raises(InvalidRule):
        Rule("refund", target, value, weight)


def test_rule_targets_offer_every_category_and_signal() -> None:
    assert RULE_TARGETS["category"] == CATEGORIES
    assert RULE_TARGETS["signal"] == SIGNALS
    assert set(RULE_TARGETS) == {"category", "sentiment", "signal"}


def test_from_data_round_trip_keeps_rules_and_version() -> None:
    rows = [
        {
            "phrase": "refund*",
            "target": "category",
            "value": "billing",
            "weight": 3,
            "note": "money moved",
        },
        {
            "phrase": "no rush",
            "target": "signal",
            "value": "negated_urgency",
            "weight": 1,
        },
    ]
    first = RuleSet.from_data(rows, {"general": "support"}, None)
    again = RuleSet.from_data(first.as_data(), first.team_for_category, None)
    assert again.rules == first.rules
    assert again.version == first.version
    assert len(first.version) == 12


def test_version_changes_with_content_but_not_with_notes_or_order() -> None:
    base = [{"phrase": "refund*", "target": "category", "value": "billing", "weight": 3}]
    noted = [dict(base[0], note="a note")]
    heavier = [dict(base[0], weight=4)]
    two = base + [{"phrase": "quote", "target": "category", "value": "sales", "weight": 3}]
    assert RuleSet.from_data(base).version == RuleSet.from_data(noted).version
    assert RuleSet.from_data(base).version != RuleSet.from_data(heavier).version
    assert RuleSet.from_data(two).version == RuleSet.from_data(list(reversed(two))).version


def test_explicit_version_is_kept() -> None:
    assert RuleSet.from_data([], version="v42").version == "v42"


def test_team_routing_refuses_unknown_teams() -> None:
    with pytest.raises(InvalidRule):
        RuleSet.from_data([], {"billing": "accounts"})


def test_default_rules_load_once_and_route_every_category() -> None:
    rules = load_default_rules()
    assert rules is load_default_rules()
    assert len(rules.rules) > 300
    assert set(rules.team_for_category) == set(CATEGORIES)

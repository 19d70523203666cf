from triage.matcher import compile_rules
from triage.rules import RuleSet
from triage.text import BOUNDARY, normalise


def _rules(*phrases: str) -> RuleSet:
    return RuleSet.from_data({"phrase": p, "target": "category", "value": "billing"} for p in phrases)


def _found(rules: RuleSet, text: str) -> list[str]:
    found = compile_rules(rules).find(normalise(text))
    return [rules.rules[rule].phrase for rule, _, _ in found]


def test_whole_words_only() -> None:
    assert _found(_rules("bug"), "please debug the debugger") == []
    assert _found(_rules("bug"), "a bug, two bugs") == ["bug", "bug"]


def test_prefix_star_matches_word_starts() -> None:
    assert _found(_rules("refund*"), "refunds and refunded, not prerefund") == [
        "refund*",
        "refund*",
    ]


def test_multi_word_phrases_and_overlaps_are_all_found() -> None:
    rules = _rules("double charg*", "charg*")
    assert sorted(_found(rules, "a double charge")) == ["charg*", "double charg*"]


def test_phrases_do_not_cross_sentences() -> None:
    assert _found(_rules("no rush"), "no. rush") == []
    assert BOUNDARY in normalise("no. rush")


def test_compiled_matcher_is_cached_per_version() -> None:
    rules = _rules("refund")
    assert compile_rules(rules) is compile_rules(rules)


def test_long_adversarial_text_is_matched_in_one_pass() -> None:
    rules = _rules("a a a a a b", "a*")
    text = " ".join(["a"] * 20_000)
    assert len(_found(rules, text)) == 20_000

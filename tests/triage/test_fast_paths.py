"""The engine's shortcuts give what the plain reading of each rule gives.

Each test checks a fast path against a slow, obvious reference on seeded
random input: the trie walk against trying every phrase at every position,
marking a joined subject and message against marking each text, and so on.
"""

import random
from itertools import compress

from triage.forms import mark_forms, marked_forms
from triage.hits import WATCHED
from triage.matcher import compile_rules
from triage.rules import RuleSet
from triage.text import join_pair, normalise_joined, normalise_pair, shouted_words

WORDS = ["a", "ab", "abc", "b", "ba", "bab", "c", "cab", "refund", "refunds", "re", "not", "stop", "stopp"]


def _carries(token: str, key: str) -> bool:
    return token.startswith(key[:-1]) if key.endswith("*") else token == key


def _reference_find(rules: RuleSet, tokens: list[str]) -> list[tuple[int, int, int]]:
    """Every phrase tried at every position, in the matcher's documented order.

    By start, then end; at one span a plain word comes before a prefix word
    and a shorter prefix before a longer one, word by word; then rule order.
    """
    found = []
    for start in range(len(tokens)):
        for index, rule in enumerate(rules.rules):
            words = rule.tokens
            span = tokens[start : start + len(words)]
            if len(span) == len(words) and all(map(_carries, span, words)):
                rank = tuple(len(word) if word.endswith("*") else 0 for word in words)
                found.append((start, start + len(words), rank, index))
    return [(index, start, end) for start, end, _, index in sorted(found)]


def test_the_matcher_finds_what_trying_every_phrase_finds() -> None:
    rng = random.Random(3)
    for _ in range(400):
        phrases = set()
        for _ in range(rng.randrange(1, 10)):
            words = []
            for _ in range(rng.randrange(1, 4)):
                word = rng.choice(WORDS)
                words.append(word[: rng.randrange(1, len(word) + 1)] + "*" if rng.random() < 0.3 else word)
            phrases.add(" ".join(words))
        rules = RuleSet.from_data(
            {"phrase": p, "target": "category", "value": "billing"} for p in sorted(phrases) * rng.choice((1, 2))
        )
        tokens = [rng.choice([*WORDS, "|", "zz"]) for _ in range(rng.randrange(0, 25))]
        assert compile_rules(rules).find(tokens) == _reference_find(rules, tokens)


PARTS = [
    "error", "Error", "ERROR", "code", "status", "returns", "with", "the", "502", "404", "1132", "60", "14", "2",
    "people", "users", "of us", "add", "Bad", "errors", "PG-", "ERR_TAX_TABLE", "NullPointerException", "?", ":",
    "$", "18,400", "5.25", "é", "zqsplitqz", "-", "\n", "URGENT", "HELP", "not", "don't", "log in", "can't wait",
]  # fmt: skip


def _text(rng: random.Random, size: int) -> str:
    return "".join(rng.choice(PARTS) + rng.choice(["", " ", " ", "\n", ": "]) for _ in range(rng.randrange(size)))


def test_a_joined_pair_reads_as_its_two_texts() -> None:
    rng = random.Random(11)
    for _ in range(3000):
        subject, message = _text(rng, 6), _text(rng, 14)
        if ">" in subject or ">" in message:
            continue
        marked, may_shout = marked_forms(join_pair(subject, message))
        tokens, cut, spots = normalise_joined(marked, WATCHED)
        assert (tokens, cut) == normalise_pair(mark_forms(subject), mark_forms(message))
        if spots is not None:  # where negators and failure words are, unless folding moved them
            assert spots == list(compress(range(len(tokens)), map(WATCHED.__contains__, tokens)))
        if not may_shout:
            assert shouted_words(f"{subject}\n{message}") == 0

"""The rule pack as plain data: phrases, what they point at, and how strongly.

A rule says "when the customer writes PHRASE, it is evidence of VALUE for
TARGET with this WEIGHT". Phrases are words, never regular expressions: a `*`
at the end of a word matches any word that starts with it ("refund*").
Everything that is not a phrase (negation scope, tie-breaks, adjustments,
bands) is engine code, so a rule edit cannot break the engine's invariants.
"""

import hashlib
import json
import math
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from triage.text import BOUNDARY, fold_compounds, normalise
from triage.vocabulary import CATEGORIES, DEFAULT_TEAM_FOR_CATEGORY, SENTIMENTS, TEAMS

# Priority signals the engine understands; each is explained in default_rules.toml.
SIGNALS: tuple[str, ...] = (
    "outage",  # the service is down for many people: urgent
    "team_blocked",  # a team or business-critical path cannot work: urgent
    "many_affected",  # a whole team / office is involved: urgent with a problem
    "data_loss",  # customer data is gone: urgent
    "security",  # breach, compromised account, leaked data: urgent
    "blocked",  # the customer cannot proceed ("cannot", "locked out")
    "broken",  # a key function stopped working: high unless a workaround exists
    "problem",  # something is wrong: at least medium
    "workaround",  # the customer can carry on another way
    "resolved",  # the problem is over ("works fine now")
    "fixed",  # support fixed something: thanks for it is not sarcasm
    "thanks_for",  # "thanks for ..." opens a scope: resolved or sarcastic
    "urgency_claim",  # "urgent", "emergency"
    "negated_urgency",  # "no rush", "whenever you can"
    "deadline",  # today, tomorrow, within hours: high
    "refund_demand",  # wants money back: high
    "double_charge",  # charged twice: high
    "suspended",  # service suspended or cut off: high
    "cancel_threat",  # threatens to leave or to escalate: high, and anger
    "anger",  # clear anger: lifts a medium ticket to high
    "repeat_contact",  # has asked before about the same thing: anger
    "request",  # asks for an action: medium
    "question",  # asks for information: low
    "feature_request",  # asks for something the product does not do: low
)

RULE_TARGETS: dict[str, tuple[str, ...]] = {
    "category": CATEGORIES,
    "sentiment": SENTIMENTS,
    "signal": SIGNALS,
}

MAX_PHRASE_CHARS = 80
MAX_PHRASE_WORDS = 6
MAX_WEIGHT = 10.0
DEFAULT_RULES_PATH = Path(__file__).with_name("default_rules.toml")


class InvalidPhrase(ValueError):
    """A rule phrase that the matcher cannot use; the message is for humans."""


class InvalidRule(ValueError):
    """A rule whose target, value or weight is not allowed."""


def _check_characters(text: str) -> None:
    for ch in text:
        if not (ch.isalnum() or ch in " '’-*"):
            raise InvalidPhrase(
                f"Phrases may only contain letters, digits, spaces, apostrophes, "
                f"hyphens and a trailing '*'; {ch!r} is not allowed."
            )


def _normalise_word(word: str) -> str:
    """Normalise one written word, keeping a trailing prefix star."""
    is_prefix = word.endswith("*")
    core = word[:-1] if is_prefix else word
    if "*" in core:
        raise InvalidPhrase(f"'*' may only end a word, as in 'refund*'; got {word!r}.")
    tokens = [t for t in normalise(core) if t != BOUNDARY]
    if is_prefix:
        if len(tokens) != 1:
            raise InvalidPhrase(f"'*' must follow a plain word; got {word!r}.")
        return tokens[0] + "*"
    return " ".join(tokens)


def validate_phrase(text: str) -> str:
    """Return the normalised phrase, or raise InvalidPhrase saying why not."""
    if not isinstance(text, str):
        raise InvalidPhrase("A phrase must be text.")
    stripped = text.strip()
    if not stripped:
        raise InvalidPhrase("A phrase cannot be empty.")
    if len(stripped) > MAX_PHRASE_CHARS:
        raise InvalidPhrase(f"A phrase can be at most {MAX_PHRASE_CHARS} characters long.")
    _check_characters(stripped)
    words = stripped.replace("-", " ").split()
    if any(w.strip("'’") == "*" or w.startswith("*") for w in words):
        raise InvalidPhrase("'*' must end a word (as in 'refund*'), not stand alone or start one.")
    # Fold compounds across the written words too ("log in" -> "login").
    tokens = fold_compounds(" ".join(_normalise_word(w) for w in words).split())
    normalised = " ".join(tokens)
    if not normalised:
        raise InvalidPhrase("A phrase needs at least one letter or digit.")
    if len(normalised.split()) > MAX_PHRASE_WORDS:
        raise InvalidPhrase(f"A phrase can have at most {MAX_PHRASE_WORDS} words.")
    return normalised


@dataclass(frozen=True)
class Rule:
    """One phrase pointing at one output value with a weight."""

    phrase: str
    target: str
    value: str
    weight: float
    note: str = ""
    # The normalised words the matcher looks for; derived, never passed in.
    tokens: tuple[str, ...] = field(init=False, repr=False, compare=False)
    # Reasons this rule has produced, reused across decisions (see evidence.hit_reason).
    explanations: dict[tuple[str, str, bool, bool], Any] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    # The reasons for this rule's own target and value, in the message and in the
    # subject: nearly every reason a decision gives, found without building a key.
    own_reasons: list[Any] = field(default_factory=lambda: [None, None], init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.target not in RULE_TARGETS:
            raise InvalidRule(f"Unknown target {self.target!r}; expected one of {tuple(RULE_TARGETS)}.")
        if self.value not in RULE_TARGETS[self.target]:
            raise InvalidRule(
                f"{self.value!r} is not a value of {self.target!r}; expected one of {RULE_TARGETS[self.target]}."
            )
        weight = float(self.weight)
        if not math.isfinite(weight) or weight <= 0 or weight > MAX_WEIGHT:
            raise InvalidRule(f"Weight must be above 0 and at most {MAX_WEIGHT}; got {self.weight!r}.")
        object.__setattr__(self, "weight", weight)
        object.__setattr__(self, "tokens", tuple(validate_phrase(self.phrase).split()))
        # Keep the wording staff wrote (tidied) so reasons read naturally.
        object.__setattr__(self, "phrase", " ".join(self.phrase.split()).lower())


@dataclass(frozen=True)
class RuleSet:
    """An immutable, versioned rule pack plus the category-to-team routing."""

    rules: tuple[Rule, ...]
    team_for_category: Mapping[str, str] = field(default_factory=lambda: DEFAULT_TEAM_FOR_CATEGORY)
    version: str = ""

    def __post_init__(self) -> None:
        teams = dict(DEFAULT_TEAM_FOR_CATEGORY)
        for category, team in dict(self.team_for_category).items():
            if category not in CATEGORIES or team not in TEAMS:
                raise InvalidRule(f"Cannot route category {category!r} to team {team!r}.")
            teams[category] = team
        object.__setattr__(self, "team_for_category", MappingProxyType(teams))
        object.__setattr__(self, "rules", tuple(self.rules))
        if not self.version:
            object.__setattr__(self, "version", content_version(self.rules, teams))

    def __hash__(self) -> int:
        return hash(self.version)

    @classmethod
    def from_data(
        cls,
        rules: Iterable[Mapping[str, Any]],
        team_for_category: Mapping[str, str] | None = None,
        version: str | None = None,
    ) -> "RuleSet":
        """Build from plain dicts (rows of the app's rule tables, or TOML)."""
        built = tuple(
            Rule(
                phrase=str(row["phrase"]),
                target=str(row["target"]),
                value=str(row["value"]),
                weight=float(row.get("weight", 1.0)),
                note=str(row.get("note", "") or ""),
            )
            for row in rules
        )
        return cls(built, team_for_category or DEFAULT_TEAM_FOR_CATEGORY, version or "")

    def as_data(self) -> list[dict[str, Any]]:
        """The rules as plain dicts, the inverse of `from_data`."""
        return [
            {
                "phrase": r.phrase,
                "target": r.target,
                "value": r.value,
                "weight": r.weight,
                "note": r.note,
            }
            for r in self.rules
        ]


def content_version(rules: Iterable[Rule], team_for_category: Mapping[str, str]) -> str:
    """A short hash of what the rules do (notes excluded), stable across runs."""
    payload = json.dumps(
        {
            "rules": sorted([r.phrase, r.target, r.value, r.weight] for r in rules),
            "teams": sorted(team_for_category.items()),
        },
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:12]


@cache
def load_default_rules() -> RuleSet:
    """The default pack shipped in default_rules.toml (parsed once)."""
    with DEFAULT_RULES_PATH.open("rb") as handle:
        data = tomllib.load(handle)
    return RuleSet.from_data(rows_from_toml(data), data.get("team_for_category"))


def rows_from_toml(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Flatten `[[group]]` sections (shared target/value) and loose `[[rule]]`s."""
    rows: list[dict[str, Any]] = [dict(r) for r in data.get("rule", [])]
    for group in data.get("group", []):
        for entry in group.get("rules", []):
            row = {
                "target": group.get("target"),
                "value": group.get("value"),
                "weight": 1.0,
            }
            row.update(entry)
            rows.append(row)
    return rows

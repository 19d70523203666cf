"""The rule store beside the engine: staff edit rules here; the engine receives them as plain data."""

import tomllib
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models

from triage.rules import (
    DEFAULT_RULES_PATH,
    MAX_PHRASE_CHARS,
    MAX_WEIGHT,
    RULE_TARGETS,
    InvalidPhrase,
    RuleSet,
    load_default_rules,
    rows_from_toml,
    validate_phrase,
)
from triage.vocabulary import CATEGORIES, TEAMS

VALUE_CHOICES = [
    (target.capitalize(), [(value, value.replace("_", " ")) for value in values])
    for target, values in RULE_TARGETS.items()
]


# A pack rule saved this long after its creation was edited by staff; syncing the pack leaves it alone.
STAFF_EDIT_MARGIN = timedelta(seconds=2)


class RuleOrigin(models.TextChoices):
    DEFAULT = "default", "Default pack"
    STAFF = "staff", "Added by staff"


class TriageRule(models.Model):
    """A phrase that votes for one output value. Phrases are words, never regular expressions."""

    phrase = models.CharField(
        max_length=MAX_PHRASE_CHARS,
        help_text="Words as a customer writes them; end a word with * to match its prefix (refund*).",
    )
    target = models.CharField(max_length=12, choices=[(t, t.capitalize()) for t in RULE_TARGETS])
    value = models.CharField(max_length=30, choices=VALUE_CHOICES, help_text="What the phrase votes for.")
    weight = models.FloatField(default=1.0, validators=[MinValueValidator(0.1), MaxValueValidator(MAX_WEIGHT)])
    active = models.BooleanField(default=True)
    note = models.CharField(max_length=200, blank=True, help_text="Why the rule exists, for the next reviewer.")
    origin = models.CharField(max_length=10, choices=RuleOrigin.choices, default=RuleOrigin.STAFF, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("target", "value", "phrase", "id")
        constraints = [
            models.UniqueConstraint(fields=["phrase", "target", "value"], name="triage_rule_unique_vote"),
            models.CheckConstraint(
                condition=models.Q(weight__gt=0) & models.Q(weight__lte=MAX_WEIGHT), name="triage_rule_weight_range"
            ),
        ]

    def __str__(self) -> str:
        return f"“{self.phrase}” → {self.target}:{self.value} ×{self.weight:g}"

    def clean(self) -> None:
        # Keep the words as staff wrote them (readable); the engine normalises when it builds the rules.
        self.phrase = " ".join(self.phrase.split())
        try:
            validate_phrase(self.phrase)
        except InvalidPhrase as error:
            raise ValidationError({"phrase": str(error)}) from None
        allowed = RULE_TARGETS.get(self.target, ())
        if self.value not in allowed:
            raise ValidationError({"value": f"For {self.target!r} choose one of: {', '.join(allowed)}."})

    def as_data(self) -> dict[str, object]:
        return {"phrase": self.phrase, "target": self.target, "value": self.value, "weight": self.weight}


class TeamRoute(models.Model):
    """Which team a category goes to."""

    category = models.CharField(max_length=12, choices=[(c, c) for c in CATEGORIES], unique=True)
    team = models.CharField(max_length=20, choices=[(t, t.replace("_", " ")) for t in TEAMS])
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("category",)

    def __str__(self) -> str:
        return f"{self.category} → {self.team}"


STORE_STAMP_SQL = (
    "SELECT (SELECT COUNT(*) FROM triage_triagerule), (SELECT MAX(updated_at) FROM triage_triagerule), "
    "(SELECT COUNT(*) FROM triage_teamroute), (SELECT MAX(updated_at) FROM triage_teamroute)"
)


def _store_stamp() -> tuple[object, ...]:
    """Changes whenever any rule or route is added, edited or deleted.

    Asked on every triage, so it is one round trip: the raw values only need to compare equal.
    """
    with connection.cursor() as cursor:
        cursor.execute(STORE_STAMP_SQL)
        return tuple(cursor.fetchone())


# (stamp, rules), replaced as one object so concurrent threads never pair a stamp with other rules.
_cache: tuple[tuple[object, ...], RuleSet] | None = None


def active_ruleset() -> RuleSet:
    """The active rules as plain data, rebuilt only when the store changed (so edits apply without a restart)."""
    global _cache
    stamp = _store_stamp()
    if _cache is None or _cache[0] != stamp:
        if stamp[0] == 0:
            # A store with no rules at all was never loaded (or was flushed): triage by the shipped pack.
            _cache = (stamp, load_default_rules())
        else:
            rows = [rule.as_data() for rule in TriageRule.objects.filter(active=True)]
            routes = dict(TeamRoute.objects.values_list("category", "team"))
            _cache = (stamp, RuleSet.from_data(rows, routes))
    return _cache[1]


@dataclass(frozen=True)
class SyncReport:
    added: int
    updated: int
    removed: int
    kept_staff_edits: int


def _tidy(phrase: str) -> str:
    """The rule's identity in the store: its words as written, lower case, single-spaced."""
    return " ".join(phrase.split()).lower()


def default_pack_rows() -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The default pack as written in the TOML (phrases as authored, not normalised)."""
    with DEFAULT_RULES_PATH.open("rb") as handle:
        data = tomllib.load(handle)
    return rows_from_toml(data), dict(data.get("team_for_category", {}))


def sync_default_pack(rule_model: Any = None, route_model: Any = None) -> SyncReport:
    """Bring the store's default-pack rules in line with default_rules.toml.

    New pack rules are added and changed ones updated; pack rules that staff
    edited (or rules staff added) are left alone. Routes are created where
    missing, never overwritten. Also runs as a data migration, with the
    historical models passed in.
    """
    rule_model = rule_model or TriageRule
    route_model = route_model or TeamRoute
    rows, routes = default_pack_rows()
    wanted: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in rows:
        wanted.setdefault((_tidy(row["phrase"]), row["target"], row["value"]), row)
    added = updated = removed = kept = 0
    existing = {}
    for rule in rule_model.objects.filter(origin=RuleOrigin.DEFAULT):
        existing[(_tidy(rule.phrase), rule.target, rule.value)] = rule
    for key, rule in existing.items():
        if rule.updated_at - rule.created_at > STAFF_EDIT_MARGIN:
            kept += 1
        elif key not in wanted:
            rule.delete()
            removed += 1
        else:
            row = wanted[key]
            weight, note = float(row.get("weight", 1.0)), str(row.get("note", ""))[:200]
            if (rule.weight, rule.note) != (weight, note):
                rule_model.objects.filter(pk=rule.pk).update(weight=weight, note=note)
                updated += 1
    staff_keys = {(_tidy(r.phrase), r.target, r.value) for r in rule_model.objects.exclude(origin=RuleOrigin.DEFAULT)}
    fresh = [
        rule_model(
            phrase=key[0],
            target=key[1],
            value=key[2],
            weight=float(row.get("weight", 1.0)),
            note=str(row.get("note", ""))[:200],
            origin=RuleOrigin.DEFAULT,
        )
        for key, row in wanted.items()
        if key not in existing and key not in staff_keys
    ]
    rule_model.objects.bulk_create(fresh, ignore_conflicts=True)
    added = len(fresh)
    present = set(route_model.objects.values_list("category", flat=True))
    route_model.objects.bulk_create(
        route_model(category=category, team=team) for category, team in routes.items() if category not in present
    )
    return SyncReport(added=added, updated=updated, removed=removed, kept_staff_edits=kept)

"""Choices for ticket fields. The triage outputs come from the engine's own vocabulary."""

from django.db import models

from triage import vocabulary


def _choices(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(value, value.replace("_", " ").capitalize()) for value in values]


CATEGORY_CHOICES = _choices(vocabulary.CATEGORIES)
PRIORITY_CHOICES = _choices(vocabulary.PRIORITIES)
SENTIMENT_CHOICES = _choices(vocabulary.SENTIMENTS)
TEAM_CHOICES = _choices(vocabulary.TEAMS)
TIER_CHOICES = _choices(vocabulary.TIERS)
SOURCE_CHOICES = _choices(vocabulary.SOURCES)


class Status(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    WAITING_CUSTOMER = "waiting_customer", "Waiting on customer"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"


class EventSource(models.TextChoices):
    PERSON = "person", "Person"
    ENGINE = "engine", "Rule engine"


# Triage outputs that staff may correct by hand; a corrected one is kept on re-triage.
CORRECTABLE_FIELDS = ("category", "priority", "sentiment", "assigned_team")
# Fields whose changes after creation are written to the ticket's history.
TRACKED_TRIAGE_FIELDS = ("category", "priority", "priority_score", "sentiment", "assigned_team")
# Inputs of the engine: a change to any of them re-triages the ticket.
TRIAGE_INPUT_FIELDS = ("subject", "message", "customer_tier", "source")

from typing import Any

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinLengthValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from tickets.choices import (
    CATEGORY_CHOICES,
    PRIORITY_CHOICES,
    SENTIMENT_CHOICES,
    SOURCE_CHOICES,
    TEAM_CHOICES,
    TIER_CHOICES,
    TRIAGE_INPUT_FIELDS,
    EventSource,
    Status,
)

MESSAGE_MAX_LENGTH = 20_000


def _in_choices(field: str, choices: list[tuple[str, str]] | type[models.TextChoices]) -> Q:
    values = choices.values if isinstance(choices, type) else [value for value, _ in choices]
    return Q(**{f"{field}__in": values})


class Ticket(models.Model):
    customer_name = models.CharField(max_length=120)
    customer_email = models.EmailField()
    subject = models.CharField(max_length=200, blank=True)
    message = models.TextField(validators=[MinLengthValidator(1), MaxLengthValidator(MESSAGE_MAX_LENGTH)])
    source = models.CharField(max_length=10, choices=SOURCE_CHOICES, default="web", db_index=True)
    customer_tier = models.CharField(max_length=12, choices=TIER_CHOICES, default="standard", db_index=True)

    # Triage outputs, set by the rule engine on save (see tickets.triaging).
    category = models.CharField(max_length=12, choices=CATEGORY_CHOICES, db_index=True)
    priority = models.CharField(max_length=8, choices=PRIORITY_CHOICES, db_index=True)
    priority_score = models.PositiveSmallIntegerField(validators=[MinValueValidator(0), MaxValueValidator(100)])
    sentiment = models.CharField(max_length=10, choices=SENTIMENT_CHOICES, db_index=True)
    assigned_team = models.CharField(max_length=20, choices=TEAM_CHOICES, db_index=True)
    suggested_reply = models.TextField(blank=True)
    next_action = models.TextField(blank=True)
    triage_reasons = models.JSONField(default=list, blank=True)
    rules_version = models.CharField(max_length=64, blank=True)
    # A triage output that staff corrected by hand is kept when the engine runs again.
    category_corrected = models.BooleanField(default=False)
    priority_corrected = models.BooleanField(default=False)
    sentiment_corrected = models.BooleanField(default=False)
    assigned_team_corrected = models.BooleanField(default=False)

    # Searched through ticket_status_priority, which it leads: an index of its own would only slow writes.
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_tickets",
        limit_choices_to={"is_staff": True},
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    # A default rather than auto_now_add, so imports can keep a ticket's real history.
    # ticket_newest_first and ticket_summary_cover both lead with it.
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created_at", "-id")
        # Beyond add/change/delete/view; the Agents and Leads groups get them in migration 0004_agents_and_leads.
        permissions = [
            ("change_ticket_status", "Can change the status of a ticket"),
            ("assign_ticket", "Can assign a ticket to a staff member"),
            ("correct_triage", "Can correct a ticket's triage"),
            ("view_analytics", "Can see ticket analytics and the dashboard"),
            ("export_tickets", "Can export tickets as CSV"),
        ]
        indexes = [
            models.Index(fields=["status", "priority"], name="ticket_status_priority"),
            models.Index(fields=["-created_at", "-id"], name="ticket_newest_first"),
            # The median resolution time reads only the tickets resolved lately, from this index alone.
            models.Index(
                fields=["resolved_at", "status", "created_at"],
                condition=Q(resolved_at__isnull=False),
                name="ticket_resolved_window",
            ),
            # The override rate reads only the (few) tickets staff corrected.
            models.Index(
                fields=["category"],
                condition=Q(category_corrected=True) | Q(priority_corrected=True),
                name="ticket_corrected",
            ),
            # Filtered summaries read this index alone (id too, for COUNT(id)), never the long ticket rows:
            # the dimension counts, and the activity figures (assignee, corrections, resolution time).
            models.Index(
                fields=[
                    "created_at",
                    "status",
                    "category",
                    "priority",
                    "assigned_team",
                    "sentiment",
                    "priority_score",
                    "id",
                    "assignee",
                    "category_corrected",
                    "priority_corrected",
                    "resolved_at",
                ],
                name="ticket_summary_cover",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(priority_score__gte=0) & Q(priority_score__lte=100), name="ticket_priority_score_0_100"
            ),
            models.CheckConstraint(condition=~Q(message=""), name="ticket_message_not_empty"),
            models.CheckConstraint(condition=_in_choices("status", Status), name="ticket_status_valid"),
            models.CheckConstraint(condition=_in_choices("category", CATEGORY_CHOICES), name="ticket_category_valid"),
            models.CheckConstraint(condition=_in_choices("priority", PRIORITY_CHOICES), name="ticket_priority_valid"),
            models.CheckConstraint(
                condition=_in_choices("sentiment", SENTIMENT_CHOICES), name="ticket_sentiment_valid"
            ),
            models.CheckConstraint(condition=_in_choices("assigned_team", TEAM_CHOICES), name="ticket_team_valid"),
            models.CheckConstraint(condition=_in_choices("customer_tier", TIER_CHOICES), name="ticket_tier_valid"),
            models.CheckConstraint(condition=_in_choices("source", SOURCE_CHOICES), name="ticket_source_valid"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject or self.message[:60]}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The engine runs on creation and whenever one of its inputs changed.
        from tickets.triaging import WRITTEN_FIELDS, apply_triage, record_engine_changes

        adding = self._state.adding
        retriage = adding or self.triage_inputs_changed()
        changes = apply_triage(self) if retriage else []
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and retriage:
            kwargs["update_fields"] = set(update_fields) | set(WRITTEN_FIELDS)
        if adding or not changes:
            super().save(*args, **kwargs)  # one statement, atomic on its own
        else:
            with transaction.atomic():
                super().save(*args, **kwargs)
                record_engine_changes(self, changes)
        self._remember_triage_inputs()

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> "Ticket":
        instance = super().from_db(db, field_names, values)
        instance._remember_triage_inputs()
        return instance

    def _remember_triage_inputs(self) -> None:
        self._loaded_inputs = {name: self.__dict__.get(name) for name in TRIAGE_INPUT_FIELDS}

    def triage_inputs_changed(self) -> bool:
        loaded = getattr(self, "_loaded_inputs", None)
        if loaded is None:
            return True
        return any(loaded[name] != self.__dict__.get(name) for name in TRIAGE_INPUT_FIELDS)


class TicketEvent(models.Model):
    """One change to a ticket after its creation: who, when, which field, from what to what."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    field = models.CharField(max_length=30)
    old_value = models.CharField(max_length=200, blank=True)
    new_value = models.CharField(max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="ticket_events"
    )
    source = models.CharField(max_length=10, choices=EventSource.choices, default=EventSource.PERSON)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=["ticket", "-created_at"], name="event_ticket_newest")]
        constraints = [models.CheckConstraint(condition=_in_choices("source", EventSource), name="event_source_valid")]

    def __str__(self) -> str:
        return f"{self.field}: {self.old_value} → {self.new_value}"


class TicketNote(models.Model):
    """An internal note by staff; never shown to the customer."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="ticket_notes"
    )
    body = models.TextField(validators=[MinLengthValidator(1), MaxLengthValidator(10_000)])
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created_at", "-id")
        constraints = [models.CheckConstraint(condition=~Q(body=""), name="note_body_not_empty")]

    def __str__(self) -> str:
        return self.body[:60]


class IdempotencyKey(models.Model):
    """A create request's `Idempotency-Key` and the answer it got, so a retry gets the same answer.

    One row per key and client (the user, else the client address); the unique
    constraint is what makes two simultaneous requests with one key create one ticket.
    """

    client = models.CharField(max_length=200)
    key = models.CharField(max_length=255)
    request_fingerprint = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField()
    response_body = models.JSONField()
    ticket = models.ForeignKey(Ticket, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ("-created_at", "-id")
        constraints = [models.UniqueConstraint(fields=["client", "key"], name="idempotency_key_once_per_client")]

    def __str__(self) -> str:
        return f"{self.client} {self.key}"


class TicketCount(models.Model):
    """How many tickets have each value of a summary dimension, kept exact by database triggers.

    The triggers (migration `ticket_count_triggers`) run in the writing
    transaction for every insert, update and delete, whatever the write path.
    Besides the dimensions, `total` counts every ticket, `open_urgent` the
    urgent ones not yet resolved, and `priority_score_sum` adds up their scores.
    Migration `activity_counts` adds `unassigned_urgent` (open urgent tickets with
    no assignee) and `corrected` by category (category or priority corrected).
    """

    dimension = models.CharField(max_length=30)
    value = models.CharField(max_length=30, blank=True)
    count = models.BigIntegerField(default=0)

    class Meta:
        ordering = ("dimension", "value")
        constraints = [models.UniqueConstraint(fields=["dimension", "value"], name="ticket_count_unique")]

    def __str__(self) -> str:
        return f"{self.dimension}={self.value}: {self.count}"


class CreatedCount(models.Model):
    """How many tickets were created in each quarter hour (UTC), kept exact by database triggers.

    Quarter hours rather than dates: every time zone in use today starts its days on
    a quarter hour, so any local day is a run of whole quarters and the counts stay
    right whatever TIME_ZONE says (see `tickets.analytics.maintained_created_per_day`).
    """

    # Whole quarter hours since 1970-01-01 00:00 UTC: floor(epoch seconds / 900).
    quarter = models.BigIntegerField(primary_key=True)
    count = models.BigIntegerField(default=0)

    class Meta:
        ordering = ("quarter",)

    def __str__(self) -> str:
        return f"quarter {self.quarter}: {self.count}"


class TicketResolution(models.Model):
    """A resolved or closed ticket's resolution time, kept by database triggers.

    One row per ticket whose status is resolved or closed and whose resolved_at
    is set (migration `resolution_times`); the median resolution time reads the
    few rows it needs from here, never the tickets.
    """

    ticket_id = models.BigIntegerField(primary_key=True)
    resolved_at = models.DateTimeField()
    microseconds = models.BigIntegerField()  # resolved_at - created_at
    hours = models.BigIntegerField()  # floor(microseconds / one hour): ResolvedCount's bucket

    class Meta:
        indexes = [
            # The middle rows: one bucket's rows in the window, their times in order.
            models.Index(fields=["hours", "resolved_at", "microseconds"], name="resolution_hours_window"),
            # The window's first, partial day, counted by bucket.
            models.Index(fields=["resolved_at", "hours"], name="resolution_resolved_at"),
        ]

    def __str__(self) -> str:
        return f"ticket {self.ticket_id}: {self.microseconds} µs"


class ResolvedCount(models.Model):
    """How many tickets were resolved on each day (UTC) in each whole hour of resolution time.

    Kept by the same triggers as TicketResolution: the median's window is
    counted bucket by bucket from a few hundred of these rows.
    """

    day = models.BigIntegerField()  # floor(resolved_at's epoch seconds / 86,400)
    hours = models.BigIntegerField()
    count = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "hours"], name="resolved_count_unique")]

    def __str__(self) -> str:
        return f"day {self.day}, {self.hours} h: {self.count}"

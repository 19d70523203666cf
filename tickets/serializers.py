from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils import timezone
from rest_framework import serializers

from tickets.choices import SOURCE_CHOICES, TIER_CHOICES, Status
from tickets.models import MESSAGE_MAX_LENGTH, Ticket, TicketEvent, TicketNote
from tickets.validation import reject_control_characters, reject_line_breaks

User = get_user_model()

TRIAGE_OUTPUT_FIELDS = (
    "category",
    "priority",
    "priority_score",
    "sentiment",
    "assigned_team",
    "suggested_reply",
    "next_action",
    "triage_reasons",
    "rules_version",
)


class StrictCharField(serializers.CharField):
    """Text only: a number, boolean or list is refused rather than turned into a string."""

    default_error_messages = {"not_a_string": "Must be a string."}

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("not_a_string")
        return super().to_internal_value(data)


class TicketIntakeFields(serializers.ModelSerializer):
    """The fields a client may send when creating a ticket, validated strictly."""

    customer_name = StrictCharField(max_length=120, validators=[reject_line_breaks, reject_control_characters])
    customer_email = serializers.EmailField(max_length=254, validators=[reject_line_breaks, reject_control_characters])
    subject = StrictCharField(
        max_length=200, required=False, allow_blank=True, validators=[reject_line_breaks, reject_control_characters]
    )
    message = StrictCharField(
        max_length=MESSAGE_MAX_LENGTH, trim_whitespace=False, validators=[reject_control_characters]
    )
    source = serializers.ChoiceField(choices=SOURCE_CHOICES, default="api")
    customer_tier = serializers.ChoiceField(choices=TIER_CHOICES, default="standard")

    class Meta:
        model = Ticket
        fields = ("customer_name", "customer_email", "subject", "message", "source", "customer_tier")

    def validate_message(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError("This field may not be blank.")
        return value


class TicketSerializer(TicketIntakeFields):
    """The whole ticket, as staff see it."""

    assignee = serializers.PrimaryKeyRelatedField(read_only=True)
    assignee_username = serializers.SerializerMethodField()

    class Meta(TicketIntakeFields.Meta):
        fields = (
            "id",
            *TicketIntakeFields.Meta.fields,
            *TRIAGE_OUTPUT_FIELDS,
            "category_corrected",
            "priority_corrected",
            "sentiment_corrected",
            "assigned_team_corrected",
            "status",
            "assignee",
            "assignee_username",
            "resolved_at",
            "created_at",
            "updated_at",
        )
        read_only_fields = tuple(f for f in fields if f not in TicketIntakeFields.Meta.fields)

    def get_assignee_username(self, ticket: Ticket) -> str | None:
        return ticket.assignee.get_username() if ticket.assignee_id else None


def _drf_datetime(value: datetime | None) -> str | None:
    """A datetime exactly as DRF's DateTimeField writes it: current time zone, ISO 8601, `Z` for UTC."""
    if value is None:
        return None
    text = timezone.localtime(value).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


# Columns the read serializer needs from `.values()`; the assignee's name comes by join, not per row.
READ_COLUMNS = tuple(f for f in TicketSerializer.Meta.fields if f not in ("assignee", "assignee_username"))
DATETIME_FIELDS = ("resolved_at", "created_at", "updated_at")


def ticket_read_rows(queryset: QuerySet) -> QuerySet:
    """The rows TicketReadSerializer renders: plain dicts, one query for any number of tickets."""
    # A subquery, not a join, for the name: the page's COUNT(*) then reads the ticket table alone.
    assignee_name = User.objects.filter(pk=OuterRef("assignee_id")).values(User.USERNAME_FIELD)[:1]
    return queryset.values(*READ_COLUMNS, assignee_id_value=F("assignee_id"), assignee_name=Subquery(assignee_name))


class TicketReadSerializer(serializers.BaseSerializer):
    """TicketSerializer's output, field for field, from `ticket_read_rows` dicts.

    The list and the detail read tickets through this: no model instances and
    no per-field serializer calls, so a page costs little more than its rows.
    A test holds its output equal to TicketSerializer's.
    """

    def to_representation(self, row: dict[str, Any]) -> dict[str, Any]:
        data = {field: row[field] for field in READ_COLUMNS}
        for field in DATETIME_FIELDS:
            data[field] = _drf_datetime(row[field])
        data["assignee"] = row["assignee_id_value"]
        data["assignee_username"] = row["assignee_name"]
        return {field: data[field] for field in TicketSerializer.Meta.fields}


class TicketReceiptSerializer(serializers.ModelSerializer):
    """What the public gets back: proof of receipt, nothing of the internal triage."""

    confirmation = serializers.SerializerMethodField()

    class Meta:
        model = Ticket
        fields = ("id", "status", "created_at", "confirmation")
        read_only_fields = fields

    def get_confirmation(self, ticket: Ticket) -> str:
        return f"Thank you, we have received your request (ticket #{ticket.pk}) and will reply by e-mail."


class StatusChangeSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=Status.choices,
        error_messages={"invalid_choice": f'"{{input}}" is not a valid status; allowed: {", ".join(Status.values)}.'},
    )


class TicketEventSerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = TicketEvent
        fields = ("id", "field", "old_value", "new_value", "actor", "source", "created_at")
        read_only_fields = fields


class TicketNoteSerializer(serializers.ModelSerializer):
    author = serializers.SlugRelatedField(slug_field="username", read_only=True)
    body = StrictCharField(max_length=10_000, validators=[reject_control_characters])

    class Meta:
        model = TicketNote
        fields = ("id", "author", "body", "created_at")
        read_only_fields = ("id", "author", "created_at")

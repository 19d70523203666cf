from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.validators import ProhibitSurrogateCharactersValidator

from tickets.choices import (
    CATEGORY_CHOICES,
    PRIORITY_CHOICES,
    SENTIMENT_CHOICES,
    SOURCE_CHOICES,
    TEAM_CHOICES,
    TIER_CHOICES,
    Status,
)
from tickets.models import MESSAGE_MAX_LENGTH, Ticket, TicketEvent, TicketNote
from tickets.validation import (
    QuickSurrogateCharactersValidator,
    email_address_shape,
    reject_control_characters,
    reject_line_breaks,
    reject_long_local_part,
    reject_unpaired_surrogates,
    require_line_text,
    require_text,
)

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


class QuickSurrogateCheck:
    """Swaps DRF's per-character surrogate check for the same check done by one regex search."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators = [
            QuickSurrogateCharactersValidator() if type(v) is ProhibitSurrogateCharactersValidator else v
            for v in self.validators
        ]


class IntakeEmailField(QuickSurrogateCheck, serializers.EmailField):
    pass


class StrictCharField(QuickSurrogateCheck, serializers.CharField):
    """Text only: a number, boolean or list is refused rather than turned into a string."""

    default_error_messages = {"not_a_string": "Must be a string."}

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("not_a_string")
        return super().to_internal_value(data)


class TicketIntakeFields(serializers.ModelSerializer):
    """The fields a client may send when creating a ticket, validated strictly."""

    # Text is kept as sent (no trimming): what the schema's pattern and length allow is what is stored.
    customer_name = StrictCharField(
        max_length=120, trim_whitespace=False, validators=[require_line_text, reject_unpaired_surrogates]
    )
    customer_email = IntakeEmailField(
        max_length=254,
        trim_whitespace=False,
        validators=[email_address_shape, reject_long_local_part, reject_line_breaks, reject_unpaired_surrogates],
    )
    subject = StrictCharField(
        max_length=200,
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        validators=[reject_line_breaks, reject_unpaired_surrogates],
    )
    message = StrictCharField(
        max_length=MESSAGE_MAX_LENGTH,
        trim_whitespace=False,
        validators=[require_text, reject_unpaired_surrogates],
    )
    source = serializers.ChoiceField(choices=SOURCE_CHOICES, default="api")
    customer_tier = serializers.ChoiceField(choices=TIER_CHOICES, default="standard")

    class Meta:
        model = Ticket
        fields = ("customer_name", "customer_email", "subject", "message", "source", "customer_tier")


class TicketSerializer(TicketIntakeFields):
    """The whole ticket, as staff see it."""

    assignee = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
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

    @extend_schema_field(serializers.CharField(allow_null=True))
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
        fields = ("id", "actor", "source", "field", "old_value", "new_value", "created_at")
        read_only_fields = fields


class TicketNoteSerializer(serializers.ModelSerializer):
    author = serializers.SlugRelatedField(slug_field="username", read_only=True)
    body = StrictCharField(max_length=10_000, validators=[reject_control_characters, reject_unpaired_surrogates])

    class Meta:
        model = TicketNote
        fields = ("id", "author", "body", "created_at")
        read_only_fields = ("id", "author", "created_at")


class StaffUserField(serializers.PrimaryKeyRelatedField):
    """A staff user's id, or null; a non-staff or unknown id is refused the same way."""

    default_error_messages = {
        "does_not_exist": "No active staff user has id {pk_value}.",
        "incorrect_type": "Expected a staff user's id (a whole number) or null, not {data_type}.",
    }

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, int) or isinstance(data, bool):
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


class TicketUpdateSerializer(serializers.Serializer):
    """What PATCH /api/tickets/{id}/ accepts; who may send which field is the view's business."""

    assignee = StaffUserField(queryset=User.objects.filter(is_staff=True, is_active=True), allow_null=True)
    category = serializers.ChoiceField(choices=CATEGORY_CHOICES)
    priority = serializers.ChoiceField(choices=PRIORITY_CHOICES)
    sentiment = serializers.ChoiceField(choices=SENTIMENT_CHOICES)
    assigned_team = serializers.ChoiceField(choices=TEAM_CHOICES)

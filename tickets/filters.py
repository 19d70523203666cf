"""The ticket list's filters; the analytics summary and the CSV export accept the same ones."""

from datetime import UTC, datetime
from functools import cache
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet

from tickets.choices import (
    CATEGORY_CHOICES,
    PRIORITY_CHOICES,
    SENTIMENT_CHOICES,
    SOURCE_CHOICES,
    TEAM_CHOICES,
    TIER_CHOICES,
    Status,
)
from tickets.models import Ticket
from tickets.search import SearchQueryError, Term, parse_query, search_tickets

RELEVANCE = "relevance"


class ChoiceListField(forms.Field):
    """A comma-separated list of choices; an unknown value is an error that names the allowed ones."""

    def __init__(self, *, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.allowed = [value for value, _ in choices]

    def to_python(self, value: Any) -> list[str] | None:
        if value in (None, ""):
            return None
        items = [item.strip(" ") for item in str(value).split(",")]
        allowed = ", ".join(self.allowed)
        if "" in items:
            raise forms.ValidationError("Empty value in the list; allowed: %(allowed)s.", params={"allowed": allowed})
        unknown = [item for item in items if item not in self.allowed]
        if unknown:
            # The client's text goes in as a parameter, never into the format string itself.
            raise forms.ValidationError(
                "Unknown value %(unknown)s; allowed: %(allowed)s.",
                params={"unknown": ", ".join(repr(u) for u in unknown), "allowed": allowed},
            )
        return items


class UTCDateTimeField(forms.DateTimeField):
    """A date-time with any offset the client gives, turned into UTC before it reaches the database.

    PostgreSQL refuses offsets beyond ±15:59 that ISO 8601 allows, and a date near year 1 or 9999
    can fall outside Python's range once converted: both are a 400, never a 500.
    """

    def to_python(self, value: Any) -> datetime | None:
        # The longest ISO 8601 date-time is about 35 characters; anything far longer is not one.
        if isinstance(value, str) and len(value) > 64:
            raise forms.ValidationError("Enter a valid date/time.", code="invalid")
        result = super().to_python(value)
        if result is None:
            return None
        try:
            return result.astimezone(UTC)
        except OverflowError:
            raise forms.ValidationError("Enter a date and time between the years 1 and 9999.", code="invalid") from None


class UTCDateTimeFilter(django_filters.DateTimeFilter):
    field_class = UTCDateTimeField


class ChoiceListFilter(django_filters.Filter):
    field_class = ChoiceListField

    def __init__(self, *, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(lookup_expr="in", choices=choices, **kwargs)

    def filter(self, qs: QuerySet, value: list[str] | None) -> QuerySet:
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__in": value})


class AssigneeField(forms.Field):
    """`me`, `none` (unassigned) or a user's id."""

    pattern = r"^(me|none|[0-9]{1,18})$"  # stated in the OpenAPI schema too

    def to_python(self, value: Any) -> str | int | None:
        if value in (None, ""):
            return None
        text = str(value)
        if text in ("me", "none"):
            return text
        if text.isascii() and text.isdigit() and len(text) <= 18:
            return int(text)
        raise forms.ValidationError("Use me, none (unassigned) or a user's id.")


class AssigneeFilter(django_filters.Filter):
    field_class = AssigneeField

    def filter(self, qs: QuerySet, value: str | int | None) -> QuerySet:
        if value is None:
            return qs
        if value == "none":
            return qs.filter(assignee__isnull=True)
        if value == "me":
            user = getattr(self.parent.request, "user", None)
            if user is None or not user.is_authenticated:
                return qs.none()
            return qs.filter(assignee=user)
        return qs.filter(assignee_id=value)


class SearchField(forms.CharField):
    """What a person typed into the search box, parsed into terms; text without a word is an error."""

    def to_python(self, value: Any) -> tuple[Term, ...] | None:
        text = super().to_python(value)
        if not text:
            return None
        if self.max_length is not None and len(text) > self.max_length:
            raise forms.ValidationError(f"Search text is at most {self.max_length} characters.")
        try:
            return parse_query(text)
        except SearchQueryError as error:
            raise forms.ValidationError(str(error)) from None


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


class StableOrderingFilter(django_filters.OrderingFilter):
    """Orders as asked, then by id, so pages never repeat or skip tickets that tie.

    `relevance` (best search matches first) is applied by the search itself.
    """

    def build_choices(self, fields: Any, labels: Any) -> list[tuple[str, str]]:
        return [*super().build_choices(fields, labels), (RELEVANCE, "Relevance (with q)")]

    def filter(self, qs: QuerySet, value: list[str] | None) -> QuerySet:
        if not value or RELEVANCE in value:
            return qs
        ordered = super().filter(qs, value)
        return ordered.order_by(*ordered.query.order_by, "-id" if value[0].startswith("-") else "id")


class TicketFilter(django_filters.FilterSet):
    status = ChoiceListFilter(field_name="status", choices=Status.choices)
    category = ChoiceListFilter(field_name="category", choices=CATEGORY_CHOICES)
    priority = ChoiceListFilter(field_name="priority", choices=PRIORITY_CHOICES)
    assigned_team = ChoiceListFilter(field_name="assigned_team", choices=TEAM_CHOICES)
    sentiment = ChoiceListFilter(field_name="sentiment", choices=SENTIMENT_CHOICES)
    customer_tier = ChoiceListFilter(field_name="customer_tier", choices=TIER_CHOICES)
    source = ChoiceListFilter(field_name="source", choices=SOURCE_CHOICES)
    assignee = AssigneeFilter(field_name="assignee")
    created_after = UTCDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = UTCDateTimeFilter(field_name="created_at", lookup_expr="lt")
    q = SearchFilter(
        method="search",
        max_length=200,
        label="Search",
        help_text=(
            'Words to find in the subject, message, customer name and e-mail: all must appear; "a phrase" in '
            "quotes, word* for a prefix; case and accents do not matter. Needs a letter or digit (400 if not)."
        ),
    )
    ordering = StableOrderingFilter(
        fields=(("created_at", "created_at"), ("updated_at", "updated_at"), ("priority_score", "priority_score"))
    )

    class Meta:
        model = Ticket
        fields: list[str] = []

    @classmethod
    @cache
    def form_class(cls) -> type[forms.Form]:
        """The filters' form, made once: its fields depend on the declarations alone, and each
        form deep-copies them, so requests never share one. django-filter makes it per request."""
        fields = {}
        for name, filter_ in cls(queryset=cls._meta.model.objects.none()).filters.items():
            fields[name] = filter_.field  # this instance's copy of the field
            # A field made before its filter knew the model (the schema generator reads the
            # declared filters) has no label; with the model the filter names its own.
            fields[name].label = filter_.label
        return type(f"{cls.__name__}Form", (cls._meta.form,), fields)

    def get_form_class(self) -> type[forms.Form]:
        return self.form_class()

    def search(self, qs: QuerySet, name: str, value: tuple[Term, ...] | None) -> QuerySet:
        if not value:
            return qs
        ranked = RELEVANCE in (self.form.cleaned_data.get("ordering") or [])
        return search_tickets(qs, value, ranked=ranked)

    def has_filters(self) -> bool:
        """Whether any filter narrows the tickets (ordering does not)."""
        return any(value not in (None, "", []) for key, value in self.form.cleaned_data.items() if key != "ordering")

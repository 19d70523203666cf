"""The changelist's one-click views: what a lead or an agent looks at first."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import DateTimeField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone

from tickets.analytics import OPEN_STATUSES
from tickets.choices import Status
from tickets.models import TicketEvent


def waiting_since(tickets: QuerySet) -> QuerySet:
    """Annotate when each ticket last changed status (its creation, if it never did)."""
    last_change = (
        TicketEvent.objects.filter(ticket=OuterRef("pk"), field="status")
        .order_by("-created_at", "-id")
        .values("created_at")[:1]
    )
    return tickets.annotate(status_since=Coalesce(Subquery(last_change, output_field=DateTimeField()), "created_at"))


class QuickViewFilter(admin.SimpleListFilter):
    title = "quick view"
    parameter_name = "view"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        days = settings.SUPPORTFLOW_WAITING_DAYS
        return [
            ("mine", "My open tickets"),
            ("unassigned_urgent", "Unassigned urgent"),
            ("waiting_long", f"Waiting on customer for more than {days} day{'s' if days != 1 else ''}"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet | None:
        if self.value() == "mine":
            return queryset.filter(assignee=request.user, status__in=OPEN_STATUSES)
        if self.value() == "unassigned_urgent":
            return queryset.filter(assignee__isnull=True, priority="urgent", status__in=OPEN_STATUSES)
        if self.value() == "waiting_long":
            cutoff = timezone.now() - timedelta(days=settings.SUPPORTFLOW_WAITING_DAYS)
            return waiting_since(queryset.filter(status=Status.WAITING_CUSTOMER)).filter(status_since__lt=cutoff)
        return queryset


class AssigneeListFilter(admin.SimpleListFilter):
    title = "assignee"
    parameter_name = "assignee"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        staff = get_user_model().objects.filter(is_staff=True, is_active=True).order_by("username")
        return [("me", "Me"), ("none", "Unassigned"), *((str(user.pk), user.get_username()) for user in staff)]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet | None:
        value = self.value()
        if value == "me":
            return queryset.filter(assignee=request.user)
        if value == "none":
            return queryset.filter(assignee__isnull=True)
        if value and value.isdigit():
            return queryset.filter(assignee_id=int(value))
        return queryset


class TeamListFilter(admin.ChoicesFieldListFilter):
    """The team filter, shown as "By team" (the field itself is "assigned team")."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.title = "team"

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path
from django.utils.html import format_html, format_html_join

from tickets import permissions as perms
from tickets.admin_filters import AssigneeListFilter, QuickViewFilter, TeamListFilter
from tickets.choices import CORRECTABLE_FIELDS, Status
from tickets.export import csv_response
from tickets.models import Ticket, TicketEvent, TicketNote
from tickets.services import TicketClosedError, ticket_assign, ticket_change_status, ticket_correct_triage


class TicketEventInline(admin.TabularInline):
    model = TicketEvent
    fields = ("created_at", "field", "old_value", "new_value", "actor", "source")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("-created_at", "-id")
    verbose_name_plural = "History"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TicketNoteInline(admin.StackedInline):
    """Notes are on the record: anyone allowed adds one, nobody edits or deletes one."""

    model = TicketNote
    fields = ("body", "author", "created_at")
    readonly_fields = ("author", "created_at")
    extra = 1
    ordering = ("-created_at", "-id")
    verbose_name_plural = "Internal notes"

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def status_action(status: Status) -> Callable[..., None]:
    def move(modeladmin: "TicketAdmin", request: HttpRequest, queryset: QuerySet[Ticket]) -> None:
        moved, refused = 0, 0
        for ticket in queryset:
            try:
                ticket_change_status(ticket=ticket, status=status.value, actor=request.user)
                moved += 1
            except TicketClosedError:
                refused += 1
        modeladmin.message_user(request, f"{moved} ticket(s) moved to {status.label}.", messages.SUCCESS)
        if refused:
            modeladmin.message_user(request, f"{refused} closed ticket(s) left unchanged.", messages.WARNING)

    move.__name__ = f"mark_{status.value}"
    return admin.action(description=f"Move selected tickets to “{status.label}”", permissions=["change_status"])(move)


@admin.action(description="Assign selected tickets to me", permissions=["assign"])
def assign_to_me(modeladmin: "TicketAdmin", request: HttpRequest, queryset: QuerySet[Ticket]) -> None:
    for ticket in queryset:
        ticket_assign(ticket=ticket, assignee=request.user, actor=request.user)
    modeladmin.message_user(request, f"{len(queryset)} ticket(s) assigned to you.", messages.SUCCESS)


@admin.action(description="Export selected tickets as CSV", permissions=["export"])
def export_selected(modeladmin: "TicketAdmin", request: HttpRequest, queryset: QuerySet[Ticket]) -> HttpResponse:
    return csv_response(queryset)


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "subject_or_excerpt",
        "customer",
        "category",
        "priority",
        "priority_score",
        "sentiment",
        "assigned_team",
        "status",
        "assignee",
        "created_at",
    )
    list_display_links = ("id", "subject_or_excerpt")
    list_filter = (
        QuickViewFilter,
        AssigneeListFilter,
        ("assigned_team", TeamListFilter),
        "status",
        "category",
        "priority",
        "sentiment",
        "customer_tier",
        "source",
        ("created_at", admin.DateFieldListFilter),
    )
    search_fields = ("subject", "message", "customer_name", "customer_email")
    date_hierarchy = "created_at"
    list_select_related = ("assignee",)
    list_per_page = 50
    actions = [assign_to_me, *(status_action(status) for status in Status), export_selected]
    change_list_template = "admin/tickets/ticket/change_list.html"
    inlines = [TicketNoteInline, TicketEventInline]
    readonly_fields = (
        "priority_score",
        "suggested_reply",
        "next_action",
        "reasons",
        "rules_version",
        "category_corrected",
        "priority_corrected",
        "sentiment_corrected",
        "assigned_team_corrected",
        "resolved_at",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        ("Customer", {"fields": ("customer_name", "customer_email", "customer_tier", "source")}),
        ("Message", {"fields": ("subject", "message")}),
        ("Work", {"fields": ("status", "assignee", "resolved_at")}),
        (
            "Triage",
            {
                "description": "Category, priority, sentiment and team may be corrected by hand; "
                "a corrected value is kept when the engine runs again.",
                "fields": (
                    ("category", "category_corrected"),
                    ("priority", "priority_corrected"),
                    "priority_score",
                    ("sentiment", "sentiment_corrected"),
                    ("assigned_team", "assigned_team_corrected"),
                    "suggested_reply",
                    "next_action",
                    "reasons",
                    "rules_version",
                ),
            },
        ),
        ("Dates", {"fields": ("created_at", "updated_at")}),
    )

    @admin.display(description="Subject", ordering="subject")
    def subject_or_excerpt(self, ticket: Ticket) -> str:
        return ticket.subject or ticket.message[:60]

    @admin.display(description="Customer", ordering="customer_name")
    def customer(self, ticket: Ticket) -> str:
        return format_html("{}<br><small>{}</small>", ticket.customer_name, ticket.customer_email)

    @admin.display(description="Why the engine decided this")
    def reasons(self, ticket: Ticket) -> str:
        rows = (
            (r.get("output", ""), r.get("value", ""), r.get("rule", ""), r.get("weight", ""))
            for r in ticket.triage_reasons or []
        )
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{} → {}: {} (weight {})</li>", rows))

    def has_change_status_permission(self, request: HttpRequest, obj: Ticket | None = None) -> bool:
        return request.user.has_perm(perms.CHANGE_STATUS)

    def has_assign_permission(self, request: HttpRequest, obj: Ticket | None = None) -> bool:
        return request.user.has_perm(perms.ASSIGN)

    def has_export_permission(self, request: HttpRequest, obj: Ticket | None = None) -> bool:
        return request.user.has_perm(perms.EXPORT)

    def get_readonly_fields(self, request: HttpRequest, obj: Ticket | None = None) -> tuple[str, ...]:
        fields = tuple(self.readonly_fields)
        if obj is None:
            # A new ticket is triaged by the engine; corrections come after.
            return (*fields, *CORRECTABLE_FIELDS, "status", "assignee")
        if not request.user.has_perm(perms.CORRECT_TRIAGE):
            fields = (*fields, *CORRECTABLE_FIELDS)
        if not request.user.has_perm(perms.ASSIGN):
            fields = (*fields, "assignee")
        if obj.status == Status.CLOSED or not request.user.has_perm(perms.CHANGE_STATUS):
            fields = (*fields, "status")
        return fields

    def get_urls(self) -> list[URLPattern]:
        export = self.admin_site.admin_view(self.export_view)
        return [path("export.csv", export, name="tickets_ticket_export"), *super().get_urls()]

    def export_view(self, request: HttpRequest) -> HttpResponse:
        """The changelist as it is filtered and searched now, as CSV."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return redirect("admin:tickets_ticket_changelist")
        return csv_response(changelist.get_queryset(request))

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        extra_context = {**(extra_context or {}), "can_export": self.has_export_permission(request)}
        return super().changelist_view(request, extra_context)

    def save_model(self, request: HttpRequest, obj: Ticket, form: ModelForm, change: bool) -> None:
        if not change:
            super().save_model(request, obj, form, change)
            return
        # Save the plain fields first; status, assignee and corrections go through
        # the services so that each is checked and recorded as an event.
        original = Ticket.objects.get(pk=obj.pk)
        new_status, new_assignee = obj.status, obj.assignee
        corrections = {field: getattr(obj, field) for field in CORRECTABLE_FIELDS if field in form.changed_data}
        obj.status, obj.assignee = original.status, original.assignee
        for field in corrections:
            setattr(obj, field, getattr(original, field))
        obj.save()
        if corrections:
            ticket_correct_triage(ticket=obj, changes=corrections, actor=request.user)
        if new_assignee != original.assignee:
            ticket_assign(ticket=obj, assignee=new_assignee, actor=request.user)
        if new_status != original.status:
            try:
                ticket_change_status(ticket=obj, status=new_status, actor=request.user)
            except TicketClosedError as error:
                self.message_user(request, str(error), messages.ERROR)

    def save_formset(self, request: HttpRequest, form: ModelForm, formset: Any, change: bool) -> None:
        notes = formset.save(commit=False)
        for note in notes:
            if isinstance(note, TicketNote) and note.author_id is None:
                note.author = request.user
            note.save()
        for deleted in formset.deleted_objects:
            deleted.delete()

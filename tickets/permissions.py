"""Who may call what: the model permissions of the Agents and Leads groups, checked per action.

The admin reads the same permissions, so the two can never disagree. Every
caller but the public intake must also be staff, as for the admin.
"""

from rest_framework.permissions import DjangoModelPermissions
from rest_framework.request import Request
from rest_framework.views import APIView

VIEW_TICKET = "tickets.view_ticket"
CHANGE_STATUS = "tickets.change_ticket_status"
ASSIGN = "tickets.assign_ticket"
CORRECT_TRIAGE = "tickets.correct_triage"
VIEW_ANALYTICS = "tickets.view_analytics"
EXPORT = "tickets.export_tickets"
VIEW_NOTES = "tickets.view_ticketnote"
ADD_NOTE = "tickets.add_ticketnote"
VIEW_EVENTS = "tickets.view_ticketevent"

# Field-level rules of PATCH /api/tickets/{id}/: the permission each writable field needs.
FIELD_PERMISSIONS: dict[str, str] = {
    "assignee": ASSIGN,
    "category": CORRECT_TRIAGE,
    "priority": CORRECT_TRIAGE,
    "sentiment": CORRECT_TRIAGE,
    "assigned_team": CORRECT_TRIAGE,
}


class StaffModelPermissions(DjangoModelPermissions):
    """DjangoModelPermissions for staff callers, plus the permissions an action needs on top.

    A view lists them in `required_perms`, keyed by action (a viewset) or by
    lower-case HTTP method (an APIView); each value is a tuple of "app.codename".
    Anonymous callers get a 401, everyone else without the permissions a 403.
    """

    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
        # A PATCH changes single fields, each checked against FIELD_PERMISSIONS by the view.
        "PATCH": ["%(app_label)s.view_%(model_name)s"],
        # Every POST but the public intake adds something to a ticket the caller must see.
        "POST": ["%(app_label)s.view_%(model_name)s"],
    }

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_staff):
            return False
        if not hasattr(view, (request.method or "").lower()):
            return True  # the view answers 405 Method Not Allowed, which tells more than a 403
        return user.has_perms(required_perms_for(request, view)) and self.has_model_permissions(request, view)

    def has_model_permissions(self, request: Request, view: APIView) -> bool:
        """DjangoModelPermissions' check, with the model read off the view's class queryset.

        DjangoModelPermissions builds the view's queryset only to learn its model;
        for the ticket list that is a third of what the page's own rows cost.
        """
        queryset = getattr(view, "queryset", None)
        if queryset is None or getattr(view, "_ignore_model_permissions", False):
            return super().has_permission(request, view)
        return request.user.has_perms(self.get_required_permissions(request.method, queryset.model))


class PublicCreateStaffOtherwise(StaffModelPermissions):
    """Anyone may create a ticket (the public intake); everything else needs the role's permissions."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        if getattr(view, "action", None) == "create":
            return True
        return super().has_permission(request, view)


def required_perms_for(request: Request, view: APIView) -> tuple[str, ...]:
    rules: dict[str, tuple[str, ...]] = getattr(view, "required_perms", {})
    key = getattr(view, "action", None) or (request.method or "").lower()
    return rules.get(key, ())

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.template.response import TemplateResponse


class SupportFlowAdminSite(admin.AdminSite):
    site_header = "SupportFlow back office"
    site_title = "SupportFlow"
    index_template = "admin/supportflow_index.html"

    def index(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> TemplateResponse:
        from tickets.dashboard import dashboard_context

        extra_context = dict(extra_context or {})
        if request.user.has_perm("tickets.view_analytics"):
            extra_context["dashboard"] = dashboard_context()
            extra_context["title"] = "Dashboard"
        return super().index(request, extra_context)

from django.conf import settings
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET


@require_GET
def project_info(request: HttpRequest) -> JsonResponse:
    def link(name: str) -> str:
        return request.build_absolute_uri(reverse(name))

    return JsonResponse(
        {
            "name": "SupportFlow",
            "description": "Support tickets, triaged on arrival by a deterministic rule engine.",
            "version": settings.VERSION,
            "links": {
                "api": link("api-root"),
                "tickets": link("ticket-list"),
                "analytics": link("analytics-summary"),
                "schema": link("schema"),
                "docs": link("docs"),
                "admin": link("admin:index"),
            },
        }
    )


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 while the database answers, 503 when it does not: a load balancer's probe."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})

from django.urls import include, re_path
from rest_framework.routers import DefaultRouter

from tickets.views import AnalyticsSummaryView, TicketExportView, TicketViewSet


class OptionalSlashRouter(DefaultRouter):
    """Routes that answer with or without a trailing slash, so a POST never meets a redirect."""

    def __init__(self) -> None:
        super().__init__()
        self.trailing_slash = "/?"


router = OptionalSlashRouter()
router.register("tickets", TicketViewSet, basename="ticket")

urlpatterns = [
    re_path(r"^analytics/summary/?$", AnalyticsSummaryView.as_view(), name="analytics-summary"),
    # Before the router, whose format-suffix routes would read "export.csv" as ticket "export" in CSV.
    re_path(r"^tickets/export\.csv/?$", TicketExportView.as_view(), name="ticket-export"),
    re_path(r"^", include(router.urls)),
]

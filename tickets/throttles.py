from django.http import HttpRequest
from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from rest_framework.views import APIView


class AnonIntakeThrottle(AnonRateThrottle):
    """The public intake's limit, per client address (see NUM_PROXIES)."""

    scope = "anon_intake"


class StaffRateThrottle(UserRateThrottle):
    """Authenticated callers have their own, much higher limit."""

    scope = "staff"

    def allow_request(self, request: Request, view: APIView) -> bool:
        if not request.user or not request.user.is_authenticated:
            return True
        return super().allow_request(request, view)


def client_address(request: HttpRequest) -> str:
    """The client's address as the anonymous throttle counts it (X-Forwarded-For only through NUM_PROXIES)."""
    return AnonIntakeThrottle().get_ident(request)

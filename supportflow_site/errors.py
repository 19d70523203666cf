"""One JSON error shape for the whole API.

Every error answers::

    {"status": 400, "code": "invalid", "detail": "Some fields are invalid.",
     "errors": {"customer_email": ["Enter a valid email address."]}}

``errors`` appears only on validation errors and maps each field (or
``non_field_errors``) to its messages.
"""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler


def error_body(status_code: int, code: str, detail: str, errors: Any = None) -> dict[str, Any]:
    body: dict[str, Any] = {"status": status_code, "code": code, "detail": detail}
    if errors is not None:
        body["errors"] = errors
    return body


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = error_body(response.status_code, "invalid", "Some fields are invalid.", errors)
    else:
        detail = getattr(exc, "detail", None)
        code = detail.code if isinstance(detail, exceptions.ErrorDetail) else "error"
        response.data = error_body(response.status_code, code, str(detail or response.status_text))
    return response


class ErrorSerializer(serializers.Serializer):
    """The error shape, for the OpenAPI schema (responses are built by `error_body`)."""

    status = serializers.IntegerField()
    code = serializers.CharField()
    detail = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is larger than this service accepts."
    default_code = "payload_too_large"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the resource's current state."
    default_code = "conflict"


def json_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """JSON for API clients; the admin keeps Django's own page."""
    if request.path.startswith("/admin/"):
        return defaults.page_not_found(request, exception or Http404())
    return JsonResponse(error_body(404, "not_found", "Not found."), status=404)


def json_server_error(request: HttpRequest) -> JsonResponse:
    return JsonResponse(error_body(500, "server_error", "Something went wrong on our side."), status=500)


class IdempotencyKeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "This Idempotency-Key was already used with a different request body."
    default_code = "idempotency_key_reused"

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAdminUser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from supportflow_site.errors import Conflict, ErrorSerializer, IdempotencyKeyReused
from tickets import idempotency
from tickets.analytics import summary
from tickets.filters import TicketFilter
from tickets.models import Ticket
from tickets.permissions import PublicCreateStaffOtherwise
from tickets.serializers import (
    StatusChangeSerializer,
    TicketIntakeFields,
    TicketReceiptSerializer,
    TicketSerializer,
)
from tickets.services import TicketClosedError, ticket_change_status
from tickets.throttles import AnonIntakeThrottle, StaffRateThrottle, client_address

ERROR_MEANINGS = {
    400: "Invalid input; `errors` names each field and what is wrong with it.",
    401: "No credentials, or a token that does not exist.",
    403: "Authenticated, but not staff.",
    404: "No such ticket, or no such page.",
    409: "The ticket is closed; a closed ticket's status cannot change.",
    413: "The request body is larger than the service accepts.",
    415: "The body is not JSON (Content-Type: application/json).",
    422: "This Idempotency-Key was already used with a different body.",
    429: "Too many requests; `Retry-After` says how many seconds to wait.",
}


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    """The error responses an operation really gives, each in the API's error shape."""
    return {code: OpenApiResponse(ErrorSerializer, description=ERROR_MEANINGS[code]) for code in codes}


IDEMPOTENCY_KEY = OpenApiParameter(
    idempotency.HEADER,
    str,
    OpenApiParameter.HEADER,
    pattern=idempotency.KEY_PATTERN,
    description="Optional, 1–255 visible ASCII characters. A retry with the same key (from the same user or "
    "address) creates no second ticket and gets the first answer again; the same key with another body is a 422.",
)


@extend_schema_view(
    list=extend_schema(
        summary="List, filter and search tickets",
        responses={200: TicketSerializer, **errors(400, 401, 403, 404, 429)},
    ),
    retrieve=extend_schema(summary="One ticket", responses={200: TicketSerializer, **errors(401, 403, 404, 429)}),
    create=extend_schema(
        summary="Create a ticket (public intake)",
        request=TicketIntakeFields,
        parameters=[IDEMPOTENCY_KEY],
        # Public: a token or session is optional (staff get the whole ticket back).
        auth=[{"tokenAuth": []}, {"cookieAuth": []}, {}],
        responses={
            201: OpenApiResponse(
                PolymorphicProxySerializer(
                    component_name="TicketCreated",
                    serializers=[TicketSerializer, TicketReceiptSerializer],
                    resource_type_field_name=None,
                ),
                description="Staff get the whole ticket; anyone else a receipt.",
            ),
            **errors(400, 401, 413, 415, 422, 429),
        },
    ),
)
class TicketViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Ticket.objects.select_related("assignee")
    serializer_class = TicketSerializer
    filterset_class = TicketFilter
    permission_classes = [PublicCreateStaffOtherwise]

    def get_throttles(self) -> list[Any]:
        if self.action == "create":
            return [AnonIntakeThrottle(), StaffRateThrottle()]
        return [StaffRateThrottle()]

    def get_serializer_class(self) -> type[BaseSerializer]:
        if self.action == "create":
            return TicketIntakeFields
        if self.action == "change_status":
            return StatusChangeSerializer
        return TicketSerializer

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        key = request.headers.get(idempotency.HEADER)
        if key is not None and not idempotency.key_is_valid(key):
            raise ValidationError({idempotency.HEADER: ["Must be 1 to 255 visible ASCII characters."]})
        intake = self.get_serializer(data=request.data)
        intake.is_valid(raise_exception=True)

        def create_ticket() -> tuple[Ticket, Any]:
            ticket = intake.save()
            if request.user.is_staff:
                return ticket, TicketSerializer(ticket, context=self.get_serializer_context()).data
            return ticket, TicketReceiptSerializer(ticket).data

        if key is None:
            return Response(create_ticket()[1], status=status.HTTP_201_CREATED)
        try:
            answer = idempotency.ticket_create_once(
                client=self.idempotency_client(request),
                key=key,
                fingerprint=idempotency.request_fingerprint(request.data),
                create=create_ticket,
            )
        except idempotency.IdempotencyKeyReusedError as error:
            raise IdempotencyKeyReused(str(error)) from None
        headers = {"Idempotent-Replayed": "true"} if answer.replayed else {}
        return Response(answer.body, status=answer.status, headers=headers)

    def idempotency_client(self, request: Request) -> str:
        # The same client the throttle counts: the user, else the address read through NUM_PROXIES.
        if request.user and request.user.is_authenticated:
            return f"user:{request.user.pk}"
        return f"address:{client_address(request)}"

    @extend_schema(
        summary="Move a ticket to another status",
        request=StatusChangeSerializer,
        responses={200: TicketSerializer, **errors(400, 401, 403, 404, 409, 413, 415, 429)},
    )
    @action(detail=True, methods=["patch"], url_path="status")
    def change_status(self, request: Request, pk: str | None = None) -> Response:
        ticket = self.get_object()
        change = StatusChangeSerializer(data=request.data)
        change.is_valid(raise_exception=True)
        try:
            ticket = ticket_change_status(ticket=ticket, status=change.validated_data["status"], actor=request.user)
        except TicketClosedError as error:
            raise Conflict(str(error)) from None
        return Response(TicketSerializer(ticket, context=self.get_serializer_context()).data)


class AnalyticsSummaryView(APIView):
    permission_classes = [IsAdminUser]
    throttle_classes = [StaffRateThrottle]

    @extend_schema(
        summary="Ticket numbers, filtered like the list",
        responses={200: dict, **errors(400, 401, 403, 429)},
    )
    def get(self, request: Request) -> Response:
        filterset = TicketFilter(request.query_params, queryset=Ticket.objects.all(), request=request)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        tickets: QuerySet = filterset.qs
        return Response(summary(tickets))

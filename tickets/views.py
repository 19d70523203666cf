from typing import Any

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.pagination import BasePagination
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from supportflow_site.errors import Conflict, ErrorSerializer, IdempotencyKeyReused
from tickets import idempotency
from tickets import permissions as perms
from tickets.analytics import summary
from tickets.export import csv_response
from tickets.filters import TicketFilter
from tickets.models import Ticket
from tickets.pagination import pagination_for
from tickets.permissions import FIELD_PERMISSIONS, PublicCreateStaffOtherwise, StaffModelPermissions
from tickets.serializers import (
    StatusChangeSerializer,
    TicketEventSerializer,
    TicketIntakeFields,
    TicketNoteSerializer,
    TicketReadSerializer,
    TicketReceiptSerializer,
    TicketSerializer,
    TicketUpdateSerializer,
    ticket_read_rows,
)
from tickets.services import TicketClosedError, ticket_add_note, ticket_change_status, ticket_update
from tickets.throttles import AnonIntakeThrottle, StaffRateThrottle, client_address

ERROR_MEANINGS = {
    400: "Invalid input; `errors` names each field and what is wrong with it.",
    401: "No credentials, or a token that does not exist.",
    403: "Authenticated, but your role does not allow this.",
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


NOT_WRITABLE = {"status": "Change the status with PATCH /api/tickets/{id}/status/."}

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
    partial_update=extend_schema(
        summary="Assign a ticket (agents, leads) or correct its triage (leads)",
        request=TicketUpdateSerializer,
        responses={200: TicketSerializer, **errors(400, 401, 403, 404, 413, 415, 429)},
    ),
)
class TicketViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Ticket.objects.select_related("assignee")
    serializer_class = TicketSerializer
    filterset_class = TicketFilter
    permission_classes = [PublicCreateStaffOtherwise]
    required_perms = {
        "change_status": (perms.CHANGE_STATUS,),
        "notes": (perms.VIEW_NOTES,),
        "add_note": (perms.ADD_NOTE,),
        "events": (perms.VIEW_EVENTS,),
    }

    def get_throttles(self) -> list[Any]:
        if self.action == "create":
            return [AnonIntakeThrottle(), StaffRateThrottle()]
        return [StaffRateThrottle()]

    # Reads skip model instances: plain rows, rendered by TicketReadSerializer. Built once and
    # cloned per request: assembling its `.values()` and subquery cost more than cloning it.
    read_rows = ticket_read_rows(Ticket.objects.all())

    def get_queryset(self) -> QuerySet:
        if self.action in ("list", "retrieve"):
            return self.read_rows.all()
        return super().get_queryset()

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # The list's filters mean nothing for one ticket; building them would only cost time.
        if self.detail:
            return queryset
        return super().filter_queryset(queryset)

    @property
    def paginator(self) -> BasePagination | None:
        if not hasattr(self, "_paginator"):
            self._paginator = pagination_for(getattr(self, "request", None))
        return self._paginator

    def get_serializer_class(self) -> type[BaseSerializer]:
        if self.action in ("list", "retrieve"):
            return TicketReadSerializer
        if self.action == "create":
            return TicketIntakeFields
        if self.action == "change_status":
            return StatusChangeSerializer
        if self.action == "partial_update":
            return TicketUpdateSerializer
        if self.action in ("notes", "add_note"):
            return TicketNoteSerializer
        if self.action == "events":
            return TicketEventSerializer
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

    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        ticket = self.get_object()
        self._check_fields_the_caller_may_write(request)
        update = TicketUpdateSerializer(data=request.data, partial=True)
        update.is_valid(raise_exception=True)
        ticket = ticket_update(ticket=ticket, changes=update.validated_data, actor=request.user)
        return Response(TicketSerializer(ticket, context=self.get_serializer_context()).data)

    def _check_fields_the_caller_may_write(self, request: Request) -> None:
        """400 for a field nobody may write here, 403 for one the caller's role may not."""
        if not isinstance(request.data, dict) or not request.data:
            writable = ", ".join(FIELD_PERMISSIONS)
            raise ValidationError({"non_field_errors": [f"Send an object with at least one of: {writable}."]})
        fixed = sorted(set(request.data) - set(FIELD_PERMISSIONS))
        if fixed:
            raise ValidationError(
                {field: [NOT_WRITABLE.get(field, "This field cannot be changed.")] for field in fixed}
            )
        refused = sorted(field for field in request.data if not request.user.has_perm(FIELD_PERMISSIONS[field]))
        if refused:
            raise PermissionDenied(f"Your role may not change: {', '.join(refused)}.")

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

    @extend_schema(
        filters=False,
        summary="A ticket's internal notes, newest first",
        responses={200: TicketNoteSerializer(many=True), **errors(401, 403, 404, 429)},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def notes(self, request: Request, pk: str | None = None) -> Response:
        ticket = self.get_object()
        notes = ticket.notes.select_related("author")
        return Response(TicketNoteSerializer(notes, many=True).data)

    @extend_schema(
        summary="Add an internal note",
        request=TicketNoteSerializer,
        responses={201: TicketNoteSerializer, **errors(400, 401, 403, 404, 413, 415, 429)},
    )
    @notes.mapping.post
    def add_note(self, request: Request, pk: str | None = None) -> Response:
        ticket = self.get_object()
        note = TicketNoteSerializer(data=request.data)
        note.is_valid(raise_exception=True)
        created = ticket_add_note(ticket=ticket, body=note.validated_data["body"], author=request.user)
        return Response(TicketNoteSerializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        filters=False,
        summary="A ticket's history, newest first",
        responses={200: TicketEventSerializer(many=True), **errors(401, 403, 404, 429)},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def events(self, request: Request, pk: str | None = None) -> Response:
        ticket = self.get_object()
        events = ticket.events.select_related("actor")
        return Response(TicketEventSerializer(events, many=True).data)


class AnalyticsSummaryView(APIView):
    queryset = Ticket.objects.all()
    permission_classes = [StaffModelPermissions]
    required_perms = {"get": (perms.VIEW_ANALYTICS,)}
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
        return Response(summary(tickets, maintained=not filterset.has_filters()))


class JSONOnlyNegotiation(BaseContentNegotiation):
    """Errors are JSON whatever the client accepts; success is the CSV stream, which skips rendering."""

    def select_renderer(self, request: Request, renderers: list[Any], format_suffix: str | None = None) -> Any:
        return renderers[0], renderers[0].media_type

    def select_parser(self, request: Request, parsers: list[Any]) -> Any:
        return parsers[0] if parsers else None


class TicketExportView(APIView):
    queryset = Ticket.objects.all()
    permission_classes = [StaffModelPermissions]
    required_perms = {"get": (perms.EXPORT,)}
    throttle_classes = [StaffRateThrottle]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JSONOnlyNegotiation

    @extend_schema(
        summary="The filtered list as CSV (streamed), columns named as the API's fields",
        responses={(200, "text/csv"): OpenApiTypes.STR, **errors(400, 401, 403, 429)},
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        filterset = TicketFilter(request.query_params, queryset=Ticket.objects.all(), request=request)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        return csv_response(filterset.qs)

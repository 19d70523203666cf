from typing import Any

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from supportflow_site.errors import Conflict
from tickets import permissions as perms
from tickets.analytics import summary
from tickets.export import csv_response
from tickets.filters import TicketFilter
from tickets.models import Ticket
from tickets.permissions import FIELD_PERMISSIONS, PublicCreateStaffOtherwise, StaffModelPermissions
from tickets.serializers import (
    StatusChangeSerializer,
    TicketEventSerializer,
    TicketIntakeFields,
    TicketNoteSerializer,
    TicketReceiptSerializer,
    TicketSerializer,
    TicketUpdateSerializer,
)
from tickets.services import TicketClosedError, ticket_add_note, ticket_change_status, ticket_update
from tickets.throttles import AnonIntakeThrottle, StaffRateThrottle

ERROR = OpenApiResponse(description="Error, in the API's error shape.")
NOT_WRITABLE = {"status": "Change the status with PATCH /api/tickets/{id}/status/."}


@extend_schema_view(
    list=extend_schema(summary="List, filter and search tickets", responses={200: TicketSerializer, 400: ERROR}),
    retrieve=extend_schema(summary="One ticket", responses={200: TicketSerializer, 404: ERROR}),
    create=extend_schema(
        summary="Create a ticket (public intake)",
        request=TicketIntakeFields,
        responses={
            201: OpenApiResponse(
                TicketSerializer, description="Staff get the whole ticket; anonymous callers a receipt."
            ),
            400: ERROR,
            413: ERROR,
            429: ERROR,
        },
    ),
    partial_update=extend_schema(
        summary="Assign a ticket (agents, leads) or correct its triage (leads)",
        request=TicketUpdateSerializer,
        responses={200: TicketSerializer, 400: ERROR, 403: ERROR, 404: ERROR},
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

    def get_serializer_class(self) -> type[BaseSerializer]:
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
        intake = self.get_serializer(data=request.data)
        intake.is_valid(raise_exception=True)
        ticket = intake.save()
        if request.user.is_staff:
            body = TicketSerializer(ticket, context=self.get_serializer_context()).data
        else:
            body = TicketReceiptSerializer(ticket).data
        return Response(body, status=status.HTTP_201_CREATED)

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
        responses={200: TicketSerializer, 400: ERROR, 404: ERROR, 409: ERROR},
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

    @extend_schema(summary="A ticket's internal notes, newest first", responses={200: TicketNoteSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None)
    def notes(self, request: Request, pk: str | None = None) -> Response:
        ticket = self.get_object()
        notes = ticket.notes.select_related("author")
        return Response(TicketNoteSerializer(notes, many=True).data)

    @extend_schema(
        summary="Add an internal note",
        request=TicketNoteSerializer,
        responses={201: TicketNoteSerializer, 400: ERROR, 404: ERROR},
    )
    @notes.mapping.post
    def add_note(self, request: Request, pk: str | None = None) -> Response:
        ticket = self.get_object()
        note = TicketNoteSerializer(data=request.data)
        note.is_valid(raise_exception=True)
        created = ticket_add_note(ticket=ticket, body=note.validated_data["body"], author=request.user)
        return Response(TicketNoteSerializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="A ticket's history, newest first", responses={200: TicketEventSerializer(many=True)})
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

    @extend_schema(summary="Ticket numbers, filtered like the list", responses={200: dict, 400: ERROR})
    def get(self, request: Request) -> Response:
        filterset = TicketFilter(request.query_params, queryset=Ticket.objects.all(), request=request)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        tickets: QuerySet = filterset.qs
        return Response(summary(tickets))


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
        responses={(200, "text/csv"): OpenApiTypes.STR, 400: ERROR, 403: ERROR},
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        filterset = TicketFilter(request.query_params, queryset=Ticket.objects.all(), request=request)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        return csv_response(filterset.qs)

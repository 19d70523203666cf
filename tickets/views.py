from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.permissions import IsAdminUser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from supportflow_site.errors import Conflict
from tickets.analytics import summary
from tickets.filters import TicketFilter
from tickets.models import Ticket
from tickets.pagination import pagination_for
from tickets.permissions import PublicCreateStaffOtherwise
from tickets.serializers import (
    StatusChangeSerializer,
    TicketIntakeFields,
    TicketReadSerializer,
    TicketReceiptSerializer,
    TicketSerializer,
    ticket_read_rows,
)
from tickets.services import TicketClosedError, ticket_change_status
from tickets.throttles import AnonIntakeThrottle, StaffRateThrottle

ERROR = OpenApiResponse(description="Error, in the API's error shape.")


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

    def get_queryset(self) -> QuerySet:
        if self.action in ("list", "retrieve"):
            # Reads skip model instances: plain rows, rendered by TicketReadSerializer.
            return ticket_read_rows(Ticket.objects.all())
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


class AnalyticsSummaryView(APIView):
    permission_classes = [IsAdminUser]
    throttle_classes = [StaffRateThrottle]

    @extend_schema(summary="Ticket numbers, filtered like the list", responses={200: dict, 400: ERROR})
    def get(self, request: Request) -> Response:
        filterset = TicketFilter(request.query_params, queryset=Ticket.objects.all(), request=request)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        tickets: QuerySet = filterset.qs
        return Response(summary(tickets, maintained=not filterset.has_filters()))

"""Writes that span more than one row: each changes a ticket and records the change."""

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from tickets.choices import CORRECTABLE_FIELDS, EventSource, Status
from tickets.models import Ticket, TicketEvent, TicketNote
from tickets.triaging import current_rules
from triage.vocabulary import clamp_to_band


class TicketClosedError(Exception):
    """A closed ticket is final: its status cannot change again."""


def _actor(user: AbstractBaseUser | None) -> AbstractBaseUser | None:
    return user if user is not None and user.is_authenticated else None


def ticket_change_status(*, ticket: Ticket, status: str, actor: AbstractBaseUser | None) -> Ticket:
    """Move a ticket to `status`, recording one event; safe against concurrent writers.

    The update is conditional on the status we read, so of two requests racing
    on the same ticket exactly one wins; the loser re-reads and either sees the
    final state (closed: refused) or applies its change on top of the winner's.
    """
    while True:
        current = Ticket.objects.filter(pk=ticket.pk).values_list("status", flat=True).first()
        if current is None:
            raise Ticket.DoesNotExist
        if current == Status.CLOSED:
            raise TicketClosedError(f"Ticket #{ticket.pk} is closed; a closed ticket's status cannot change.")
        if current == status:
            ticket.refresh_from_db()
            return ticket
        now = timezone.now()
        fields: dict[str, Any] = {"status": status, "updated_at": now}
        if status == Status.RESOLVED:
            fields["resolved_at"] = now
        with transaction.atomic():
            won = Ticket.objects.filter(pk=ticket.pk, status=current).update(**fields)
            if won:
                TicketEvent.objects.create(
                    ticket_id=ticket.pk, field="status", old_value=current, new_value=status, actor=_actor(actor)
                )
        if won:
            ticket.refresh_from_db()
            return ticket


def ticket_assign(*, ticket: Ticket, assignee: AbstractBaseUser | None, actor: AbstractBaseUser | None) -> Ticket:
    with transaction.atomic():
        locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
        if locked.assignee_id != (assignee.pk if assignee else None):
            TicketEvent.objects.create(
                ticket=locked,
                field="assignee",
                old_value=locked.assignee.get_username() if locked.assignee else "",
                new_value=assignee.get_username() if assignee else "",
                actor=_actor(actor),
            )
            Ticket.objects.filter(pk=locked.pk).update(assignee=assignee, updated_at=timezone.now())
    ticket.refresh_from_db()
    return ticket


def ticket_correct_triage(*, ticket: Ticket, changes: Mapping[str, str], actor: AbstractBaseUser | None) -> Ticket:
    """Staff override of triage outputs: the values are kept on every later re-triage."""
    unknown = set(changes) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not correctable: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
        before = {field: getattr(locked, field) for field in (*CORRECTABLE_FIELDS, "priority_score")}
        for field, value in changes.items():
            setattr(locked, field, value)
            setattr(locked, f"{field}_corrected", True)
        if "category" in changes and "assigned_team" not in changes and not locked.assigned_team_corrected:
            locked.assigned_team = current_rules().team_for_category.get(locked.category, locked.assigned_team)
        locked.priority_score = clamp_to_band(locked.priority_score, locked.priority)
        locked.save()
        TicketEvent.objects.bulk_create(
            TicketEvent(
                ticket=locked,
                field=field,
                old_value=str(old),
                new_value=str(getattr(locked, field)),
                actor=_actor(actor),
                source=EventSource.PERSON,
            )
            for field, old in before.items()
            if old != getattr(locked, field)
        )
    ticket.refresh_from_db()
    return ticket


def ticket_update(*, ticket: Ticket, changes: Mapping[str, Any], actor: AbstractBaseUser | None) -> Ticket:
    """Apply an assignee and triage corrections together: all of them, or none.

    Only corrections that differ from the current value count as corrections,
    so sending back what the engine chose does not pin it or count as an override.
    """
    corrections = {
        field: value
        for field, value in changes.items()
        if field in CORRECTABLE_FIELDS and getattr(ticket, field) != value
    }
    with transaction.atomic():
        if corrections:
            ticket_correct_triage(ticket=ticket, changes=corrections, actor=actor)
        if "assignee" in changes:
            ticket_assign(ticket=ticket, assignee=changes["assignee"], actor=actor)
    ticket.refresh_from_db()
    return ticket


def ticket_add_note(*, ticket: Ticket, body: str, author: AbstractBaseUser | None) -> TicketNote:
    return TicketNote.objects.create(ticket=ticket, body=body, author=_actor(author))

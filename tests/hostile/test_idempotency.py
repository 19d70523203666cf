"""Idempotency-Key on POST /api/tickets/: at most one ticket per key and client; a retry gets the same answer."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tickets.idempotency import idempotency_keys_prune
from tickets.models import IdempotencyKey, Ticket

pytestmark = pytest.mark.django_db

URL = "/api/tickets/"


def post(client, body, key, **extra):
    return client.post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY=key, **extra)


def test_retry_with_the_same_key_gets_the_same_answer_and_no_second_ticket(anon_client, reference_ticket):
    first = post(anon_client, reference_ticket, "gw-msg-0001")
    retry = post(anon_client, reference_ticket, "gw-msg-0001")

    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Ticket.objects.count() == 1
    assert IdempotencyKey.objects.get().ticket_id == first.json()["id"]


def test_staff_retry_gets_the_whole_ticket_again(staff_client, alice, reference_ticket):
    first = post(staff_client, reference_ticket, "k-1")
    retry = post(staff_client, reference_ticket, "k-1")

    assert retry.json() == first.json()
    assert retry.json()["category"] == "technical"
    assert IdempotencyKey.objects.get().client == f"user:{alice.pk}"


def test_same_key_with_a_different_body_is_a_422_and_creates_nothing(anon_client, reference_ticket):
    post(anon_client, reference_ticket, "k-1")

    reused = post(anon_client, {**reference_ticket, "message": "Another problem entirely"}, "k-1")

    assert reused.status_code == 422
    assert reused.json()["code"] == "idempotency_key_reused"
    assert Ticket.objects.count() == 1


def test_the_same_key_from_different_clients_makes_different_tickets(
    anon_client, staff_client, alice, reference_ticket
):
    from_here = post(anon_client, reference_ticket, "k-1", REMOTE_ADDR="198.51.100.1")
    from_elsewhere = post(anon_client, reference_ticket, "k-1", REMOTE_ADDR="198.51.100.2")
    from_staff = post(staff_client, reference_ticket, "k-1", REMOTE_ADDR="198.51.100.1")

    assert len({from_here.json()["id"], from_elsewhere.json()["id"], from_staff.json()["id"]}) == 3
    assert Ticket.objects.count() == 3
    assert set(IdempotencyKey.objects.values_list("client", flat=True)) == {
        "address:198.51.100.1",
        "address:198.51.100.2",
        f"user:{alice.pk}",
    }


def test_without_a_key_every_post_creates_a_ticket(anon_client, reference_ticket):
    anon_client.post(URL, reference_ticket, format="json")
    anon_client.post(URL, reference_ticket, format="json")

    assert Ticket.objects.count() == 2
    assert not IdempotencyKey.objects.exists()


def test_a_refused_body_does_not_use_up_the_key(anon_client, reference_ticket):
    refused = post(anon_client, {**reference_ticket, "customer_email": "nope"}, "k-1")
    accepted = post(anon_client, reference_ticket, "k-1")

    assert (refused.status_code, accepted.status_code) == (400, 201)
    assert Ticket.objects.count() == 1


def test_an_expired_key_can_be_used_again(anon_client, reference_ticket, settings):
    settings.SUPPORTFLOW_IDEMPOTENCY_KEY_HOURS = 24
    post(anon_client, reference_ticket, "k-1")
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=25))

    again = post(anon_client, reference_ticket, "k-1")

    assert again.status_code == 201 and "Idempotent-Replayed" not in again
    assert Ticket.objects.count() == 2
    assert IdempotencyKey.objects.get().ticket_id == again.json()["id"]


def test_pruning_deletes_only_expired_keys(anon_client, reference_ticket, settings):
    settings.SUPPORTFLOW_IDEMPOTENCY_KEY_HOURS = 24
    post(anon_client, reference_ticket, "old")
    post(anon_client, reference_ticket, "new")
    IdempotencyKey.objects.filter(key="old").update(created_at=timezone.now() - timedelta(hours=25))

    deleted = idempotency_keys_prune()

    assert deleted == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]
    assert Ticket.objects.count() == 2


def test_prune_command_reports_what_it_deleted(anon_client, reference_ticket, capsys):
    post(anon_client, reference_ticket, "old")
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(days=30))

    call_command("prune_idempotency_keys")

    assert "Deleted 1 expired idempotency key(s)." in capsys.readouterr().out
    assert not IdempotencyKey.objects.exists()

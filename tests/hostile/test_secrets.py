"""No secret, token or password in logs or error responses; a token can be revoked in the admin."""

import logging

import pytest
from django.conf import settings
from rest_framework.authtoken.models import Token

from tickets.models import Ticket

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-staple-42"


@pytest.fixture
def lead(django_user_model):
    return django_user_model.objects.create_superuser("lena", "lena@example.com", PASSWORD)


def assert_secret_free(text: str, *secrets: str) -> None:
    for secret in (settings.SECRET_KEY, *secrets):
        assert secret not in text


def test_failed_logins_and_bad_tokens_leave_no_secret_in_logs_or_responses(client, anon_client, lead, caplog):
    caplog.set_level(logging.DEBUG)
    token = Token.objects.create(user=lead).key
    wrong_token = token[:-4] + "abcd"

    responses = [
        client.post("/admin/login/", {"username": "lena", "password": PASSWORD + "x"}),
        client.post("/admin/login/", {"username": PASSWORD, "password": PASSWORD}),
        anon_client.get("/api/tickets/", HTTP_AUTHORIZATION=f"Token {wrong_token}"),
        anon_client.get("/api/tickets/", HTTP_AUTHORIZATION=f"Bearer {token}"),
        anon_client.get("/api/tickets/", HTTP_AUTHORIZATION=f"Token {token} extra"),
        anon_client.post(
            "/api/tickets/", {"customer_email": "x"}, format="json", HTTP_AUTHORIZATION=f"Token {wrong_token}"
        ),
    ]

    assert [r.status_code for r in responses[2:]] == [401, 401, 401, 401]
    for response in (responses[0], *responses[2:]):
        assert_secret_free(response.content.decode(), PASSWORD, token, wrong_token)
    # The login form shows back what was typed as the username, to that user only; logs keep neither.
    assert caplog.records, "expected the failures to be logged"
    assert_secret_free(caplog.text, PASSWORD, token, wrong_token)


def test_a_server_error_answers_in_the_error_shape_without_details(staff_client, alice, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG)
    token = Token.objects.get(user=alice).key

    def explode(*args, **kwargs):
        raise RuntimeError(f"database password is {PASSWORD}")

    monkeypatch.setattr("tickets.views.summary", explode)
    staff_client.raise_request_exception = False

    response = staff_client.get("/api/analytics/summary/")

    assert response.status_code == 500
    assert response.json() == {"status": 500, "code": "server_error", "detail": "Something went wrong on our side."}
    assert_secret_free(response.content.decode(), PASSWORD, token)
    assert token not in caplog.text and settings.SECRET_KEY not in caplog.text


def test_staff_can_revoke_a_token_in_the_admin(client, lead, anon_client):
    token = Token.objects.create(user=lead)
    anon_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert anon_client.get("/api/tickets/").status_code == 200
    client.force_login(lead)

    listing = client.get("/admin/authtoken/tokenproxy/")
    deleted = client.post(f"/admin/authtoken/tokenproxy/{lead.pk}/delete/", {"post": "yes"})

    assert listing.status_code == 200
    assert deleted.status_code == 302
    assert not Token.objects.filter(user=lead).exists()
    assert anon_client.get("/api/tickets/").status_code == 401
    assert Ticket.objects.count() == 0

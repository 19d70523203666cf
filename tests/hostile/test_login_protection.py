"""Admin login is protected against password guessing; API tokens keep working."""

import pytest
from axes.models import AccessAttempt
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def lead(django_user_model):
    return django_user_model.objects.create_superuser("lena", "lena@example.com", "right-horse-battery-9")


def log_in(client, password, address="198.51.100.7", username="lena"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_repeated_failures_lock_out_that_username_from_that_address(client, lead, settings):
    settings.AXES_FAILURE_LIMIT = 3

    failures = [log_in(client, f"guess-{n}").status_code for n in range(3)]
    right_password = log_in(client, "right-horse-battery-9")

    assert failures == [200, 200, 429]  # the login form again, then the lockout
    assert right_password.status_code == 429
    assert "_auth_user_id" not in client.session
    # The right password during the lockout is refused and counted like any other attempt.
    assert AccessAttempt.objects.get(username="lena", ip_address="198.51.100.7").failures_since_start == 4


def test_the_lockout_is_keyed_on_username_and_address(client, lead, django_user_model, settings):
    settings.AXES_FAILURE_LIMIT = 3
    django_user_model.objects.create_superuser("omar", "omar@example.com", "other-horse-battery-7")
    for n in range(3):
        log_in(client, f"guess-{n}")

    elsewhere = log_in(client, "right-horse-battery-9", address="203.0.113.50")
    client.logout()
    other_user = log_in(client, "other-horse-battery-7", username="omar")

    assert elsewhere.status_code == 302
    assert other_user.status_code == 302


def test_a_success_before_the_limit_resets_the_count(client, lead, settings):
    settings.AXES_FAILURE_LIMIT = 3
    log_in(client, "guess-1")
    log_in(client, "guess-2")

    success = log_in(client, "right-horse-battery-9")

    assert success.status_code == 302
    assert not AccessAttempt.objects.filter(username="lena").exists()


def test_api_token_keeps_working_while_the_admin_login_is_locked(client, lead, anon_client, settings):
    settings.AXES_FAILURE_LIMIT = 2
    token = Token.objects.create(user=lead)
    for n in range(3):
        log_in(client, f"guess-{n}", address="127.0.0.1")
    anon_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    response = anon_client.get("/api/tickets/", REMOTE_ADDR="127.0.0.1")

    assert response.status_code == 200


def test_failure_limit_comes_from_the_environment():
    from tests.hostile.test_throttling import settings_in_a_fresh_process

    assert settings_in_a_fresh_process("print(settings.AXES_FAILURE_LIMIT)", SUPPORTFLOW_LOGIN_FAILURE_LIMIT="7") == "7"
    assert settings_in_a_fresh_process("print(settings.AXES_FAILURE_LIMIT)") == "5"


@pytest.mark.parametrize("password", ["short", "password123", "12345678901", "lena@example.com"])
def test_weak_passwords_are_refused(lead, password):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password(password, user=lead)

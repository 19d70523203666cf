"""Shared fixtures.

Personas: alice is staff in Leads (the staff member who may do everything a lead may),
carol an agent, lena another lead, sam a superuser, dora staff with no role,
bob a customer-side user (not staff), anonymous is anyone.
"""

from collections.abc import Callable
from typing import Any

import pytest

REFERENCE_TICKET = {
    "customer_name": "Ava Stone",
    "customer_email": "ava@example.com",
    "subject": "Cannot login",
    "message": "This is urgent. I cannot login and my team is blocked today.",
    "source": "email",
    "customer_tier": "standard",
}


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    # Throttle counts live in the cache; every test starts with none.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def reference_ticket() -> dict[str, str]:
    return dict(REFERENCE_TICKET)


def _staff_in(django_user_model: Any, username: str, group: str | None) -> Any:
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        username, f"{username}@example.com", f"pw-{username}-123", is_staff=True
    )
    if group:
        # The groups come from the data migration; a missing one is a failure, not something to make here.
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def alice(django_user_model: Any) -> Any:
    return _staff_in(django_user_model, "alice", "Leads")


@pytest.fixture
def carol(django_user_model: Any) -> Any:
    return _staff_in(django_user_model, "carol", "Agents")


@pytest.fixture
def lena(django_user_model: Any) -> Any:
    return _staff_in(django_user_model, "lena", "Leads")


@pytest.fixture
def dora(django_user_model: Any) -> Any:
    return _staff_in(django_user_model, "dora", None)


@pytest.fixture
def sam(django_user_model: Any) -> Any:
    return django_user_model.objects.create_superuser("sam", "sam@example.com", "pw-sam-123")


@pytest.fixture
def bob(django_user_model: Any) -> Any:
    return django_user_model.objects.create_user("bob", "bob@example.com", "pw-bob-123")


@pytest.fixture
def anon_client() -> Any:
    from rest_framework.test import APIClient

    return APIClient()


def _token_client(user: Any) -> Any:
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def staff_client(alice: Any) -> Any:
    return _token_client(alice)


@pytest.fixture
def nonstaff_client(bob: Any) -> Any:
    return _token_client(bob)


@pytest.fixture
def agent_client(carol: Any) -> Any:
    return _token_client(carol)


@pytest.fixture
def lead_client(lena: Any) -> Any:
    return _token_client(lena)


@pytest.fixture
def superuser_client(sam: Any) -> Any:
    return _token_client(sam)


@pytest.fixture
def norole_client(dora: Any) -> Any:
    return _token_client(dora)


@pytest.fixture
def make_ticket(db: Any) -> Callable[..., Any]:
    """Create a ticket through the model (and so through the engine), with overridable fields."""
    from tickets.models import Ticket

    def make(**fields: Any) -> Ticket:
        values = {
            "customer_name": "Casey Customer",
            "customer_email": "casey@example.com",
            "subject": "Question",
            "message": "How do I add a teammate?",
            "source": "email",
            "customer_tier": "standard",
        }
        values.update(fields)
        return Ticket.objects.create(**values)

    return make


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Django drops the file test database but not SQLite's WAL companions: remove them too."""
    from pathlib import Path

    from django.conf import settings

    database = settings.DATABASES["default"]
    name = database.get("TEST", {}).get("NAME")
    if database["ENGINE"] == "django.db.backends.sqlite3" and name:
        for suffix in ("-wal", "-shm"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)

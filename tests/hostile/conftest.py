"""Fixtures for the hostile-traffic tests, and the tally behind docs/RELIABILITY.md.

Every test here adds what it sent to FIGURES; the totals are printed at the end
of the run (and written as JSON to $SUPPORTFLOW_RELIABILITY_FIGURES when set).
"""

import json
import os
from collections import Counter
from typing import Any

import pytest

# The live server of the concurrency tests listens on the loopback address only.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

FIGURES: Counter[str] = Counter({"5xx seen": 0, "tickets lost": 0})


def tally(**counts: int) -> None:
    FIGURES.update(counts)


def tally_most(name: str, value: int) -> None:
    FIGURES[name] = max(FIGURES[name], value)


def tally_response(status_code: int) -> None:
    FIGURES["requests sent"] += 1
    if status_code >= 500:
        FIGURES["5xx seen"] += 1


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not FIGURES["requests sent"]:
        return
    terminalreporter.section("reliability figures")
    for name in sorted(FIGURES):
        terminalreporter.write_line(f"{name}: {FIGURES[name]}")
    path = os.environ.get("SUPPORTFLOW_RELIABILITY_FIGURES")
    if path:
        with open(path, "w", encoding="utf-8") as out:
            json.dump(dict(sorted(FIGURES.items())), out, indent=2)


@pytest.fixture
def generous_throttles(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rates high enough that a fuzzer or a load test measures the handlers, not the throttle."""
    from tickets.throttles import AnonIntakeThrottle, StaffRateThrottle

    rates = {"anon_intake": "100000/minute", "staff": "100000/minute"}
    monkeypatch.setattr(AnonIntakeThrottle, "THROTTLE_RATES", rates)
    monkeypatch.setattr(StaffRateThrottle, "THROTTLE_RATES", rates)


@pytest.fixture
def staff_token(alice: Any) -> str:
    from rest_framework.authtoken.models import Token

    return Token.objects.create(user=alice).key


@pytest.fixture
def keep_the_test_connection() -> Any:
    """In-process WSGI calls end with Django closing "old" connections, which would close the
    test's own transaction on PostgreSQL; Django's test client avoids this the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)

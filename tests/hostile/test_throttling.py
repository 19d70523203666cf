"""Abuse: the anonymous intake is throttled per client address, in a cache all server processes share."""

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from tickets.models import Ticket
from tickets.throttles import AnonIntakeThrottle, StaffRateThrottle

pytestmark = pytest.mark.django_db

URL = "/api/tickets/"
ROOT = Path(__file__).resolve().parents[2]
REDIS_TEST_URL = os.environ.get("SUPPORTFLOW_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The throttles' clock, moved by the test instead of by sleeping."""
    now = [1_800_000_000.0]
    monkeypatch.setattr(AnonIntakeThrottle, "timer", lambda self: now[0])
    monkeypatch.setattr(StaffRateThrottle, "timer", lambda self: now[0])
    return now


@pytest.fixture
def three_a_minute(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(AnonIntakeThrottle, "THROTTLE_RATES", {"anon_intake": "3/minute", "staff": "1000/minute"})


def post(client: Any, body: dict, **extra: str) -> Any:
    return client.post(URL, body, format="json", **extra)


def test_flood_gets_429_with_retry_after_then_recovers_after_the_window(
    anon_client, reference_ticket, clock, three_a_minute
):
    # given: the rate is used up
    accepted = [post(anon_client, reference_ticket).status_code for _ in range(3)]
    clock[0] += 20

    # when
    refused = post(anon_client, reference_ticket)
    clock[0] += 41  # the first request is now more than a minute old
    recovered = post(anon_client, reference_ticket)

    # then
    assert accepted == [201, 201, 201]
    assert refused.status_code == 429
    assert refused.json() == {"status": 429, "code": "throttled", "detail": refused.json()["detail"]}
    assert 1 <= int(refused["Retry-After"]) <= 40
    assert recovered.status_code == 201
    assert Ticket.objects.count() == 4


def test_spoofed_forwarded_for_does_not_dodge_the_limit_without_proxies(
    anon_client, reference_ticket, clock, three_a_minute, settings
):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 0}

    codes = [
        post(
            anon_client, reference_ticket, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}", REMOTE_ADDR="198.51.100.7"
        ).status_code
        for n in range(5)
    ]

    assert codes == [201, 201, 201, 429, 429]
    assert Ticket.objects.count() == 3


def test_behind_one_proxy_clients_are_counted_apart_and_spoofing_does_not_help(
    anon_client, reference_ticket, clock, three_a_minute, settings
):
    # given: every request arrives from the proxy's address; the proxy appends the client's address
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = {"REMOTE_ADDR": "10.0.0.2"}

    # when: a flooder uses up its rate, also claiming other addresses in its own header
    flood = [
        post(anon_client, reference_ticket, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.9", **proxy).status_code
        for n in range(4)
    ]
    neighbour = post(anon_client, reference_ticket, HTTP_X_FORWARDED_FOR="203.0.113.10", **proxy)

    # then: the flooder is limited, the other client is not
    assert flood == [201, 201, 201, 429]
    assert neighbour.status_code == 201
    assert Ticket.objects.count() == 4


def test_staff_have_their_own_much_higher_rate(staff_client, reference_ticket, clock, monkeypatch):
    monkeypatch.setattr(StaffRateThrottle, "THROTTLE_RATES", {"anon_intake": "1/minute", "staff": "5/minute"})
    monkeypatch.setattr(AnonIntakeThrottle, "THROTTLE_RATES", {"anon_intake": "1/minute", "staff": "5/minute"})

    codes = [staff_client.get(URL).status_code for _ in range(6)]

    assert codes == [200] * 5 + [429]


def settings_in_a_fresh_process(code: str, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SUPPORTFLOW_", "REDIS_"))}
    clean.update(DJANGO_SETTINGS_MODULE="supportflow_site.settings", DJANGO_DEBUG="1", **env)
    command = f"import django; django.setup(); from django.conf import settings; {code}"
    result = subprocess.run(
        [sys.executable, "-c", command], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_default_staff_rate_is_at_least_1000_a_minute():
    rate = settings_in_a_fresh_process("print(settings.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']['staff'])")

    count, period = StaffRateThrottle().parse_rate(rate)
    assert count * 60 / period >= 1000


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        ({}, "django.core.cache.backends.db.DatabaseCache"),
        ({"REDIS_URL": "redis://127.0.0.1:6379/0"}, "django_redis.cache.RedisCache"),
    ],
)
def test_throttle_counts_live_in_a_shared_cache(env, backend):
    printed = settings_in_a_fresh_process("print(settings.CACHES['default']['BACKEND'])", **env)

    assert printed == backend


def test_counts_are_kept_in_the_database_cache_without_redis(anon_client, reference_ticket, three_a_minute, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "sf_throttle"}}
    call_command("createcachetable", verbosity=0)

    codes = [post(anon_client, reference_ticket).status_code for _ in range(4)]

    assert codes == [201, 201, 201, 429]
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM sf_throttle")
        keys = [row[0] for row in cursor.fetchall()]
    assert any("throttle_anon_intake_" in key for key in keys)


@pytest.fixture
def redis_cache(settings: Any) -> Any:
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis is not reachable at {REDIS_TEST_URL} ({error}); the Redis throttle test needs it.")
    settings.CACHES = {
        "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_TEST_URL, "KEY_PREFIX": "sf-test"}
    }
    cache.delete_pattern("*")
    yield cache
    cache.delete_pattern("*")


def test_counts_are_kept_in_redis_when_configured(anon_client, reference_ticket, three_a_minute, redis_cache):
    codes = [post(anon_client, reference_ticket).status_code for _ in range(4)]

    assert codes == [201, 201, 201, 429]
    assert [key for key in redis_cache.keys("*") if key.startswith("throttle_anon_intake_")] != []

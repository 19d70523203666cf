"""Bad input is refused: a 4xx in the API's JSON error shape, and nothing stored.

Each catalogue is a parametrized table; every case counts towards the "bad
inputs tried" figure in docs/RELIABILITY.md.
"""

import json
from typing import Any

import pytest

from tests.hostile.conftest import tally, tally_response
from tickets.models import IdempotencyKey, Ticket, TicketEvent

pytestmark = pytest.mark.django_db

URL = "/api/tickets/"
TEXT_FIELDS = ("customer_name", "customer_email", "subject", "message")
# Every control character except tab, LF and CR (those are fine in a message).
CONTROL_CHARACTERS = [chr(code) for code in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]]


def valid_body() -> dict[str, str]:
    return {
        "customer_name": "Ava Stone",
        "customer_email": "ava@example.com",
        "subject": "Cannot login",
        "message": "I cannot login since this morning.",
    }


def assert_refused(response: Any, status: int | None = None) -> dict[str, Any]:
    """A 4xx in the error shape; the caller also checks that nothing was stored."""
    tally_response(response.status_code)
    tally(**{"bad inputs tried": 1})
    assert 400 <= response.status_code < 500, response.content[:300]
    if status is not None:
        assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["status"] == response.status_code
    assert set(body) <= {"status", "code", "detail", "errors"}
    return body


def assert_nothing_stored() -> None:
    assert Ticket.objects.count() == 0
    assert IdempotencyKey.objects.count() == 0


RAW_BODIES = [
    pytest.param(b'{"customer_name": "Ava", ', "application/json", 400, id="truncated-json"),
    pytest.param(b'{"customer_name": "Ava" "message": "x"}', "application/json", 400, id="malformed-json"),
    pytest.param(b"{'customer_name': 'Ava'}", "application/json", 400, id="single-quoted-json"),
    pytest.param(b'{"message": NaN}', "application/json", 400, id="nan"),
    pytest.param(b"", "application/json", 400, id="empty-body"),
    pytest.param(b"null", "application/json", 400, id="null-body"),
    pytest.param(b"[]", "application/json", 400, id="empty-list"),
    pytest.param(json.dumps([valid_body(), valid_body()]).encode(), "application/json", 400, id="list-of-tickets"),
    pytest.param(b'"just a string"', "application/json", 400, id="string-body"),
    pytest.param(b"42", "application/json", 400, id="number-body"),
    pytest.param(b"true", "application/json", 400, id="boolean-body"),
    pytest.param(b"[" * 100_000 + b"]" * 100_000, "application/json", 400, id="deeply-nested-list"),
    pytest.param(b'{"a":' * 20_000 + b"1" + b"}" * 20_000, "application/json", 400, id="deeply-nested-object"),
    pytest.param(b"\xff\xfe{}", "application/json", 400, id="invalid-utf8-bom"),
    pytest.param(b'{"message": "caf\xe9"}', "application/json", 400, id="latin1-not-utf8"),
    pytest.param(b'{"message": "\xed\xa0\x80"}', "application/json", 400, id="utf8-encoded-surrogate"),
    pytest.param(b"customer_name=Ava&message=hi", "application/x-www-form-urlencoded", 415, id="form-encoded"),
    pytest.param(
        b"--x\r\nContent-Disposition: form-data; name=a\r\n\r\nb\r\n--x--",
        "multipart/form-data; boundary=x",
        415,
        id="multipart",
    ),
    pytest.param(b"<ticket/>", "application/xml", 415, id="xml"),
    pytest.param(json.dumps(valid_body()).encode(), "text/plain", 415, id="json-as-text-plain"),
]


@pytest.mark.parametrize(("body", "content_type", "status"), RAW_BODIES)
def test_malformed_body_is_refused_and_stores_nothing(anon_client, body, content_type, status):
    response = anon_client.generic("POST", URL, body, content_type=content_type)

    assert_refused(response, status)
    assert_nothing_stored()


def test_body_over_the_size_limit_is_a_413_without_reading_it_whole(anon_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    body = json.dumps({**valid_body(), "message": "x" * 20_000})

    response = anon_client.generic("POST", URL, body, content_type="application/json")

    assert assert_refused(response, 413)["code"] == "payload_too_large"
    assert_nothing_stored()


class UnreadableBody:
    """A request body that fails the test if anyone starts reading it."""

    read_attempts = 0

    def read(self, *args: Any) -> bytes:
        self.read_attempts += 1
        raise AssertionError("the body was read")

    readline = read


def test_a_declared_50_mb_body_is_refused_before_a_byte_is_read(anon_client):
    body = UnreadableBody()

    response = anon_client.generic(
        "POST", URL, b"", content_type="application/json", CONTENT_LENGTH=str(50 * 1024 * 1024), **{"wsgi.input": body}
    )

    assert assert_refused(response, 413)["code"] == "payload_too_large"
    assert body.read_attempts == 0
    assert_nothing_stored()


def test_status_change_over_the_size_limit_is_a_413(staff_client, make_ticket, settings):
    ticket = make_ticket()
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000

    response = staff_client.generic(
        "PATCH", f"{URL}{ticket.pk}/status/", json.dumps({"status": "closed", "pad": "x" * 5_000}), "application/json"
    )

    assert_refused(response, 413)
    ticket.refresh_from_db()
    assert ticket.status == "open"


@pytest.mark.parametrize("field", TEXT_FIELDS)
@pytest.mark.parametrize("character", CONTROL_CHARACTERS, ids=lambda c: f"U+{ord(c):04X}")
def test_control_character_in_any_text_field_is_refused(anon_client, field, character):
    body = {**valid_body(), field: f"ava{character}@example.com" if field == "customer_email" else f"a{character}b"}

    response = anon_client.post(URL, body, format="json")

    assert field in assert_refused(response, 400)["errors"]
    assert_nothing_stored()


@pytest.mark.parametrize("field", TEXT_FIELDS)
@pytest.mark.parametrize("surrogate", ["\ud800", "\udfff"], ids=["high", "low"])
def test_unpaired_surrogate_in_any_text_field_is_refused(anon_client, field, surrogate):
    raw = json.dumps({**valid_body(), field: f"a{surrogate}b"})  # json.dumps escapes it as \\udXXX

    response = anon_client.generic("POST", URL, raw, content_type="application/json")

    assert field in assert_refused(response, 400)["errors"]
    assert_nothing_stored()


@pytest.mark.parametrize("field", TEXT_FIELDS)
@pytest.mark.parametrize(
    "value", [42, 4.2, True, False, ["text"], {"text": "x"}], ids=["int", "float", "true", "false", "list", "object"]
)
def test_non_text_where_text_belongs_is_refused_not_coerced(anon_client, field, value):
    response = anon_client.post(URL, {**valid_body(), field: value}, format="json")

    assert field in assert_refused(response, 400)["errors"]
    assert_nothing_stored()


@pytest.mark.parametrize("field", ["customer_name", "customer_email", "subject"])
@pytest.mark.parametrize("injection", ["\r\nBcc: all@example.com", "\nBcc: all@example.com", "\rTo: x@example.com"])
def test_header_injection_in_a_one_line_field_is_refused(anon_client, field, injection):
    value = "ava@example.com" + injection if field == "customer_email" else "Ava" + injection

    response = anon_client.post(URL, {**valid_body(), field: value}, format="json")

    assert field in assert_refused(response, 400)["errors"]
    assert_nothing_stored()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("customer_name", "n" * 121),
        ("customer_email", "a" * 65 + "@example.com"),
        ("customer_email", "ava@" + "d" * 250 + ".com"),
        ("subject", "s" * 201),
        ("message", "m" * 20_001),
        ("customer_name", ""),
        ("customer_name", " \u00a0\u3000"),
        ("message", "\n\t  "),
        ("customer_email", "ava@localhost"),
        ("customer_email", " ava@example.com"),
        ("source", "fax"),
        ("customer_tier", ["gold"]),
        ("source", None),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 20 else None,
)
def test_over_long_blank_or_unknown_value_is_refused(anon_client, field, value):
    response = anon_client.post(URL, {**valid_body(), field: value}, format="json")

    assert field in assert_refused(response, 400)["errors"]
    assert_nothing_stored()


@pytest.mark.parametrize(
    "key",
    ["", "with space", "é-not-ascii", "k" * 256, "tab\tinside"],
    ids=["empty", "space", "non-ascii", "long", "tab"],
)
def test_malformed_idempotency_key_is_refused(anon_client, key):
    response = anon_client.post(URL, valid_body(), format="json", HTTP_IDEMPOTENCY_KEY=key)

    assert "Idempotency-Key" in assert_refused(response, 400)["errors"]
    assert_nothing_stored()


LIST_QUERIES = [
    {"page": "-1"},
    {"page": "0"},
    {"page": "9" * 30},
    {"page": "9" * 5000},
    {"page": "abc"},
    {"page_size": "-1"},
    {"page_size": "0"},
    {"page_size": "101"},
    {"page_size": "9" * 5000},
    {"page_size": "ten"},
    {"ordering": "customer_email"},
    {"ordering": "-message,priority_score"},
    {"ordering": "password"},
    {"created_after": "yesterday"},
    {"created_after": "2026-02-30"},
    {"created_before": "2026-11-08T25:00:00"},
    {"created_before": "0001-01-01T00:00:00+23:00"},
    {"created_after": "9999-12-31T23:59:59-23:00"},
    {"created_after": "1" * 5000},
    {"status": "open,"},
    {"status": "open,pending"},
    {"category": "' OR 1=1 --"},
    {"q": "q" * 201},
]


@pytest.mark.parametrize("query", LIST_QUERIES, ids=lambda q: ",".join(f"{k}={v[:12]}" for k, v in q.items()))
def test_bad_list_query_is_refused(staff_client, make_ticket, query):
    make_ticket()

    response = staff_client.get(URL, query)

    body = assert_refused(response)
    assert response.status_code in (400, 404)
    if response.status_code == 400:
        assert set(body["errors"]) == set(query)


FILTER_QUERIES = [query for query in LIST_QUERIES if not {"page", "page_size", "ordering"} & set(query)]


@pytest.mark.parametrize("query", FILTER_QUERIES, ids=lambda q: ",".join(f"{k}={v[:12]}" for k, v in q.items()))
def test_bad_analytics_filter_is_refused(staff_client, query):
    response = staff_client.get("/api/analytics/summary/", query)

    assert set(assert_refused(response, 400)["errors"]) == set(query)


@pytest.mark.parametrize(
    "ticket_id", ["abc", "-1", "0", "1.5", "1e3", "0x1F", "9" * 30, "%00", "%F0%9F%98%80", "1;DROP TABLE"]
)
def test_non_numeric_or_out_of_range_id_is_a_404(staff_client, make_ticket, ticket_id):
    make_ticket()

    read = staff_client.get(f"{URL}{ticket_id}/")
    change = staff_client.patch(f"{URL}{ticket_id}/status/", {"status": "closed"}, format="json")

    assert assert_refused(read, 404)["code"] == "not_found"
    assert assert_refused(change, 404)["code"] == "not_found"
    assert not TicketEvent.objects.exists()
    assert Ticket.objects.get().status == "open"

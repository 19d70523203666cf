"""The import's row validation is the API's: the same catalogue of values accepted and refused, with the same reasons."""

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone
from rest_framework import serializers
from rest_framework.validators import ProhibitSurrogateCharactersValidator

from tests.hostile.test_bad_input import CONTROL_CHARACTERS, TEXT_FIELDS, valid_body
from tickets.importing import RowValidator, TicketImportFields
from tickets.models import Ticket
from tickets.serializers import TicketIntakeFields
from tickets.validation import QuickSurrogateCharactersValidator

NON_TEXT = [42, 4.2, True, False, None, ["text"], {"text": "x"}]


def _text_case(field: str, inner: str) -> Any:
    return f"ava{inner}@example.com" if field == "customer_email" else f"a{inner}b"


# (field, value): every bad value of the hostile-input catalogue, and good ones beside them.
CREATE_CATALOGUE = [
    *((field, _text_case(field, c)) for field in TEXT_FIELDS for c in CONTROL_CHARACTERS),
    *((field, _text_case(field, s)) for field in TEXT_FIELDS for s in ("\ud800", "\udfff", "\U0001f600")),
    *((field, value) for field in TEXT_FIELDS for value in NON_TEXT),
    *((field, "Ava" + i) for field in TEXT_FIELDS for i in ("\r\nBcc: all@example.com", "\nBcc: x", "\tTab")),
    ("customer_name", "n" * 120),
    ("customer_name", "n" * 121),
    ("customer_email", "a" * 64 + "@example.com"),
    ("customer_email", "a" * 65 + "@example.com"),
    ("customer_email", "ava@" + "d" * 250 + ".com"),
    ("subject", "s" * 200),
    ("subject", "s" * 201),
    ("subject", ""),
    ("message", "m" * 20_000),
    ("message", "m" * 20_001),
    ("customer_name", ""),
    ("customer_name", " \u00a0\u3000"),
    ("customer_name", "  Noé Müller "),
    ("message", "\n\t  "),
    ("message", "Line one\r\nline two\ttabbed"),
    ("customer_email", "ava@localhost"),
    ("customer_email", " ava@example.com"),
    ("customer_email", "AVA.O'Neil+tag@Example.co.uk"),
    ("source", "fax"),
    ("source", "chat"),
    ("source", None),
    ("customer_tier", ["gold"]),
    ("customer_tier", "enterprise"),
    ("customer_tier", ""),
]
HISTORY_CATALOGUE = [
    ("created_at", "2025-03-01T10:00:00Z"),
    ("created_at", "2025-03-01 10:00"),
    ("created_at", "2025-03-01"),
    ("created_at", "yesterday"),
    ("created_at", (timezone.now() + timedelta(days=1)).isoformat()),
    ("created_at", 1_700_000_000),
    ("created_at", None),
    ("status", "resolved"),
    ("status", "archived"),
    ("status", ""),
    ("status", None),
]


def _verdict(validate: Any, row: dict[str, Any]) -> tuple[str, Any]:
    try:
        return "accepted", dict(validate(row))
    except serializers.ValidationError as error:
        return "refused", error.detail


def _case_id(case: tuple[str, Any]) -> str:
    field, value = case
    return f"{field}={value!r}"[:40]


@pytest.mark.parametrize("case", CREATE_CATALOGUE + HISTORY_CATALOGUE, ids=_case_id)
def test_import_rows_get_the_serializers_verdict_and_reasons(case):
    field, value = case
    row = {**valid_body(), field: value}

    assert _verdict(RowValidator(), row) == _verdict(TicketImportFields().run_validation, row)


@pytest.mark.django_db
@pytest.mark.parametrize("case", CREATE_CATALOGUE, ids=_case_id)
def test_import_accepts_and_refuses_what_the_api_does(staff_client, case):
    field, value = case
    row = {**valid_body(), field: value}

    # json.dumps escapes a lone surrogate, which the test client's encoder would refuse to send.
    response = staff_client.generic("POST", "/api/tickets/", json.dumps(row), content_type="application/json")
    verdict, detail = _verdict(RowValidator(), row)

    assert (verdict, response.status_code) in {("accepted", 201), ("refused", 400)}
    if verdict == "refused":
        assert set(detail) == set(response.json()["errors"])
        assert not Ticket.objects.exists()


def test_missing_fields_are_refused_by_name():
    verdict, detail = _verdict(RowValidator(), {"customer_name": "Ava"})

    assert verdict == "refused"
    assert {name: [str(m) for m in messages] for name, messages in detail.items()} == {
        "customer_email": ["This field is required."],
        "message": ["This field is required."],
    }


@pytest.mark.parametrize(("zone", "hour_utc"), [("UTC", 10), ("Europe/Paris", 9), ("America/New_York", 15)])
def test_a_time_without_an_offset_is_read_in_the_configured_time_zone(settings, zone, hour_utc):
    settings.TIME_ZONE = zone
    row = {**valid_body(), "created_at": "2025-03-01 10:00", "status": "resolved", "resolved_at": "2025-03-01T11:00"}

    values = RowValidator()(row)

    assert values["created_at"] == datetime(2025, 3, 1, hour_utc, tzinfo=UTC)
    assert values["resolved_at"] - values["created_at"] == timedelta(hours=1)


def test_a_serializer_with_row_level_rules_is_not_taken():
    class WholeRow(TicketIntakeFields):
        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            return attrs

    with pytest.raises(TypeError):
        RowValidator(WholeRow())


@pytest.mark.parametrize("text", ["plain", "", "a\ud800b", "\udfff first", "two \udbff and \udc00", "é 😀", 42])
def test_quick_surrogate_check_says_what_drfs_says(text):
    def outcome(validator: Any) -> Any:
        try:
            validator(text)
        except serializers.ValidationError as error:
            return error.detail
        return None

    assert outcome(QuickSurrogateCharactersValidator()) == outcome(ProhibitSurrogateCharactersValidator())

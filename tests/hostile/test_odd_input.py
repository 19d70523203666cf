"""Odd but valid input is accepted and kept verbatim, and shown escaped where it is shown."""

import pytest

from tests.hostile.conftest import tally_response
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

URL = "/api/tickets/"
SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'

ODD_TEXT = [
    pytest.param("مرحبا، لا أستطيع تسجيل الدخول إلى حسابي", id="arabic-rtl"),
    pytest.param("שלום, החשבון שלי נעול \u200f(RTL mark)", id="hebrew-with-rtl-mark"),
    pytest.param("Hi 👋🏽 the app 💥 crashes 👨‍👩‍👧‍👦 🇫🇷", id="emoji-zwj-flags"),
    pytest.param("Cafe\u0301 Zoe\u0308 n\u0303 a\u030a", id="combining-accents"),
    pytest.param("Ｆｕｌｌｗｉｄｔｈ 全角 テキスト 中文 한국어", id="cjk-fullwidth"),
    pytest.param("𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝕞𝕒𝕥𝕙 ∮ E⋅da = Q", id="astral-plane"),
    pytest.param("Z" + "\u0335\u0336\u0337" * 50, id="zalgo"),
    pytest.param("w" * 10_000, id="10000-char-word"),
    pytest.param(SCRIPT, id="html-and-script"),
    pytest.param("Robert'); DROP TABLE tickets_ticket;--", id="sql-injection-looking"),
    pytest.param("' OR '1'='1' /* %s %(x)s {0} ${jndi:ldap://x} {{7*7}}", id="format-and-template-strings"),
    pytest.param("tabs\there\tand\ttrailing spaces   ", id="tabs-and-trailing-spaces"),
    pytest.param("  leading spaces", id="leading-spaces"),
    pytest.param("\\u0000 written out, not a NUL; \\n too", id="escaped-looking"),
    pytest.param("\ufeffbyte order mark and zero\u200bwidth\u200djoiner", id="bom-and-zero-width"),
]


def intake(**changes: object) -> dict[str, object]:
    return {
        "customer_name": "Ava Stone",
        "customer_email": "ava@example.com",
        "subject": "Question",
        "message": "Hello there",
        **changes,
    }


@pytest.mark.parametrize("text", ODD_TEXT)
def test_odd_message_round_trips_unchanged(staff_client, text):
    created = staff_client.post(URL, intake(message=text), format="json")
    tally_response(created.status_code)

    assert created.status_code == 201, created.content[:300]
    ticket_id = created.json()["id"]
    assert created.json()["message"] == text
    assert Ticket.objects.get(pk=ticket_id).message == text
    assert staff_client.get(f"{URL}{ticket_id}/").json()["message"] == text


@pytest.mark.parametrize("text", [p for p in ODD_TEXT if "\t" not in p.values[0] and len(p.values[0]) <= 120])
def test_odd_name_and_subject_round_trip_unchanged(staff_client, text):
    created = staff_client.post(URL, intake(customer_name=text, subject=text), format="json")
    tally_response(created.status_code)

    assert created.status_code == 201, created.content[:300]
    stored = Ticket.objects.get(pk=created.json()["id"])
    assert (stored.customer_name, stored.subject) == (text, text)
    assert (created.json()["customer_name"], created.json()["subject"]) == (text, text)


@pytest.mark.parametrize(
    "address", ["o'brien+support@example.co.uk", "first.last@sub.domain.example", "x_y-z!#$%&*=?^`{|}~@example.org"]
)
def test_unusual_but_valid_address_is_kept(staff_client, address):
    created = staff_client.post(URL, intake(customer_email=address), format="json")

    assert created.status_code == 201, created.content[:300]
    assert Ticket.objects.get(pk=created.json()["id"]).customer_email == address


def test_unknown_extra_fields_are_ignored(staff_client):
    body = intake(priority="low", category="sales", status="closed", is_admin=True, id=999, __proto__={"x": 1})

    created = staff_client.post(URL, body, format="json")

    assert created.status_code == 201
    ticket = Ticket.objects.get()
    assert ticket.pk != 999 and ticket.status == "open"
    assert "is_admin" not in created.json() and "__proto__" not in created.json()


def test_script_is_stored_as_text_and_shown_escaped_in_the_admin(client, django_user_model):
    lead = django_user_model.objects.create_superuser("lena", "lena@example.com", "pw-lena-123")
    client.force_login(lead)
    ticket = Ticket.objects.create(
        customer_name=SCRIPT[:120], customer_email="ava@example.com", subject=SCRIPT[:200], message=SCRIPT
    )

    listing = client.get("/admin/tickets/ticket/").content.decode()
    change = client.get(f"/admin/tickets/ticket/{ticket.pk}/change/").content.decode()

    assert Ticket.objects.get().message == SCRIPT
    for page in (listing, change):
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert" in page


def test_script_is_shown_escaped_in_the_browsable_api(client, alice):
    client.force_login(alice)
    ticket = Ticket.objects.create(
        customer_name="Ava", customer_email="ava@example.com", subject=SCRIPT[:200], message=SCRIPT
    )

    page = client.get(f"{URL}{ticket.pk}/", HTTP_ACCEPT="text/html").content.decode()

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page

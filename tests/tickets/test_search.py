"""Full-text search through `q`: the same answers on SQLite (FTS5) and PostgreSQL (tsvector)."""

import pytest

from tickets.models import Ticket
from tickets.search import SearchQueryError, Term, fts5_expression, parse_query, tsquery_expression

URL = "/api/tickets/"


def ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("refund", (Term(("refund",)),)),
        ("Refund INVOICE", (Term(("refund",)), Term(("invoice",)))),
        ('"double charge" refund', (Term(("double", "charge")), Term(("refund",)))),
        ("invo*", (Term(("invo",), prefix=True),)),
        ("acme.test", (Term(("acme", "test")),)),
        ("Café", (Term(("cafe",)),)),
        ('"unclosed phrase', (Term(("unclosed", "phrase")),)),
        ("-- refund !!", (Term(("refund",)),)),
    ],
)
def test_parse_query_splits_words_phrases_and_prefixes(text, terms):
    assert parse_query(text) == terms


@pytest.mark.parametrize("text", ["!!!", '""', "*", " - "])
def test_parse_query_refuses_text_without_a_word(text):
    with pytest.raises(SearchQueryError):
        parse_query(text)


def test_query_expressions_for_each_database():
    terms = parse_query('refund "acme test" invo*')

    assert fts5_expression(terms) == '"refund" "acme test" "invo"*'
    assert tsquery_expression(terms) == "refund & (acme <-> test) & invo:*"


@pytest.fixture
def tickets(make_ticket):
    return {
        "refund": make_ticket(subject="Refund please", message="I was charged twice for one invoice."),
        "invoice": make_ticket(subject="Invoice copy", message="Please send the invoice for March again."),
        "cafe": make_ticket(customer_name="Zoë Müller", message="Our café cannot print receipts."),
        "email": make_ticket(customer_email="ops@acme.test", message="The export stopped."),
    }


@pytest.mark.django_db
def test_every_word_must_appear(staff_client, tickets):
    assert ids(staff_client.get(URL, {"q": "invoice charged"})) == [tickets["refund"].pk]


@pytest.mark.django_db
def test_a_quoted_phrase_must_appear_in_order(staff_client, tickets):
    assert ids(staff_client.get(URL, {"q": '"charged twice"'})) == [tickets["refund"].pk]
    assert ids(staff_client.get(URL, {"q": '"twice charged"'})) == []


@pytest.mark.django_db
def test_a_star_matches_word_prefixes(staff_client, tickets):
    found = ids(staff_client.get(URL, {"q": "invo*"}))

    assert found == [tickets["invoice"].pk, tickets["refund"].pk]
    assert ids(staff_client.get(URL, {"q": "invo"})) == []


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["CAFE", "café", "zoe muller", "ZOË", "MÜLLER"])
def test_case_and_accents_do_not_matter(staff_client, tickets, q):
    assert ids(staff_client.get(URL, {"q": q})) == [tickets["cafe"].pk]


@pytest.mark.django_db
def test_email_addresses_are_searchable_by_their_parts(staff_client, tickets):
    assert ids(staff_client.get(URL, {"q": "ops@acme.test"})) == [tickets["email"].pk]
    assert ids(staff_client.get(URL, {"q": "acme"})) == [tickets["email"].pk]


@pytest.mark.django_db
def test_newest_first_by_default_and_best_match_first_when_asked(staff_client, make_ticket):
    # given: the older ticket says "outage" three times, the newer once
    strong = make_ticket(subject="Outage", message="Outage again, a total outage of the dashboard.")
    weak = make_ticket(subject="Question", message="Was there an outage yesterday? We saw slow pages.")

    # when
    newest = ids(staff_client.get(URL, {"q": "outage"}))
    ranked = ids(staff_client.get(URL, {"q": "outage", "ordering": "relevance"}))

    # then
    assert newest == [weak.pk, strong.pk]
    assert ranked == [strong.pk, weak.pk]


@pytest.mark.django_db
def test_search_combines_with_filters(staff_client, tickets):
    Ticket.objects.filter(pk=tickets["refund"].pk).update(status="resolved")

    response = staff_client.get(URL, {"q": "invoice", "status": "open"})

    assert ids(response) == [tickets["invoice"].pk]
    assert response.json()["count"] == 1


@pytest.mark.django_db
def test_index_follows_every_write_path(staff_client, tickets, make_ticket):
    # given: an update and a bulk insert that skip save(), and a delete
    Ticket.objects.filter(pk=tickets["invoice"].pk).update(subject="Renewal quote")
    Ticket.objects.bulk_create([Ticket(**_row(message="Renewal of the plan", priority_score=40))])
    Ticket.objects.filter(pk=tickets["email"].pk).delete()

    # when
    renewal = ids(staff_client.get(URL, {"q": "renewal"}))
    exported = ids(staff_client.get(URL, {"q": "export"}))

    # then
    bulk = Ticket.objects.get(message="Renewal of the plan")
    assert renewal == [bulk.pk, tickets["invoice"].pk]
    assert exported == []
    assert ids(staff_client.get(URL, {"q": "copy"})) == []


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["!!!", "*", "x" * 201])
def test_unsearchable_text_is_a_400(staff_client, tickets, q):
    response = staff_client.get(URL, {"q": q})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["q"]


@pytest.mark.django_db
def test_blank_q_lists_everything(staff_client, tickets):
    assert staff_client.get(URL, {"q": "  "}).json()["count"] == 4


def _row(**fields):
    values = {
        "customer_name": "Bulk Customer",
        "customer_email": "bulk@example.com",
        "subject": "",
        "message": "Hello",
        "source": "api",
        "customer_tier": "standard",
        "category": "general",
        "priority": "medium",
        "priority_score": 40,
        "sentiment": "neutral",
        "assigned_team": "support",
    }
    values.update(fields)
    return values

"""Full-text search over a ticket's subject, message, customer name and e-mail.

The index is kept in step with the tickets by the database itself (triggers
created in migration `ticket_search_index`), so no write path can forget it:

- SQLite: an FTS5 table `ticket_search` with external content (the ticket
  table), tokenizer `unicode61 remove_diacritics 2`.
- PostgreSQL: a stored `search_vector` tsvector column with a GIN index, built
  with the `simple` configuration over unaccented text.

Both tokenize the same way (runs of letters and digits; everything else is a
separator), so a query means the same on both: every word must appear, a
"quoted phrase" must appear in that order, and `word*` matches any word that
starts with it; case and accents never matter.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.db import connections
from django.db.models import BooleanField, FloatField, QuerySet
from django.db.models.expressions import RawSQL

MAX_TERMS = 20
# A term: a "quoted phrase" (closing quote optional) or a bare run of non-space characters.
TERM = re.compile(r'"([^"]*)"?|(\S+)')
WORD = re.compile(r"[^\W_]+")


class SearchQueryError(ValueError):
    """The text cannot be searched: it holds no word, or too many."""


@dataclass(frozen=True)
class Term:
    """Words that must appear next to each other, in order; the last may be a prefix."""

    words: tuple[str, ...]
    prefix: bool = False


def fold(text: str) -> str:
    """Lower case without accents: what both indexes store and compare."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def parse_query(text: str) -> tuple[Term, ...]:
    """Split what a person typed into terms; punctuation inside a word makes it a phrase (`acme.test`)."""
    terms = []
    for match in TERM.finditer(text):
        phrase, bare = match.groups()
        raw = phrase if phrase is not None else bare
        words = tuple(WORD.findall(fold(raw)))
        if words:
            terms.append(Term(words=words, prefix=phrase is None and raw.endswith("*")))
    if not terms:
        raise SearchQueryError("Search for at least one word (letters or digits).")
    if len(terms) > MAX_TERMS:
        raise SearchQueryError(f"Search for at most {MAX_TERMS} words or phrases.")
    return tuple(terms)


def fts5_expression(terms: tuple[Term, ...]) -> str:
    """`"refund"  "acme test"  "invo"*`: every word is plain letters and digits, so quoting is safe."""
    return " ".join(f'"{" ".join(term.words)}"' + ("*" if term.prefix else "") for term in terms)


def tsquery_expression(terms: tuple[Term, ...]) -> str:
    """`refund & (acme <-> test) & invo:*` for to_tsquery('simple', ...)."""
    parts = []
    for term in terms:
        words = list(term.words)
        if term.prefix:
            words[-1] += ":*"
        parts.append(words[0] if len(words) == 1 else "(" + " <-> ".join(words) + ")")
    return " & ".join(parts)


# Fixed SQL: the person's text only ever travels as a query parameter.
PG_MATCH = "tickets_ticket.search_vector @@ to_tsquery('simple', supportflow_unaccent(%s))"
PG_RANK = "ts_rank(tickets_ticket.search_vector, to_tsquery('simple', supportflow_unaccent(%s)))"
FTS5_MATCH = "tickets_ticket.id IN (SELECT rowid FROM ticket_search WHERE ticket_search MATCH %s)"
# bm25() is lower for better matches; negated so that both vendors sort by rank descending.
FTS5_RANK = "(SELECT -bm25(ticket_search) FROM ticket_search WHERE ticket_search MATCH %s AND ticket_search.rowid = tickets_ticket.id)"


def search_tickets(qs: QuerySet, terms: tuple[Term, ...], *, ranked: bool = False) -> QuerySet:
    """Tickets matching every term; with `ranked`, the best matches first (then newest)."""
    if connections[qs.db].vendor == "postgresql":
        match_sql, rank_sql, expression = PG_MATCH, PG_RANK, tsquery_expression(terms)
    else:
        match_sql, rank_sql, expression = FTS5_MATCH, FTS5_RANK, fts5_expression(terms)
    qs = qs.filter(RawSQL(match_sql, [expression], BooleanField()))  # noqa: S611 - fixed SQL, text as a parameter
    if ranked:
        rank = RawSQL(rank_sql, [expression], FloatField())  # noqa: S611 - fixed SQL, text as a parameter
        qs = qs.annotate(search_rank=rank).order_by("-search_rank", "-created_at", "-id")
    return qs

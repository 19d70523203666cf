"""Bulk intake from a file: JSON lines or CSV with a header, validated and triaged as the API does.

Each row goes through the API's intake validation (`TicketImportFields`, the
create fields plus an optional `created_at`, `status` and `resolved_at` for history), is
triaged by `apply_triage` with rules fetched once, and is inserted in
batches by `insert_rows` (tickets/bulk_insert.py), one transaction per
batch. A bad row is reported as `line N: reason` and skipped; the rest
still load.

Speed matters here (an import is tens of thousands of rows): `RowPreparer`
validates and triages chunks of rows in worker processes
(tickets/import_workers.py) while this process inserts, validation runs
the serializer's own bound fields directly (`RowValidator`) instead of
`Serializer.run_validation` for each row, and tickets are built by
`TicketBuilder` rather than `Ticket.__init__`.
"""

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from rest_framework import serializers
from rest_framework.fields import Field, SkipField, get_error_detail

from tickets.bulk_insert import insert_rows, prepare_for_bulk_load
from tickets.choices import Status
from tickets.import_workers import available_cpus, chunked, map_in_order
from tickets.serializers import TicketIntakeFields
from tickets.ticket_rows import RowColumns, TicketBuilder
from tickets.triaging import apply_triage, current_rules
from triage.rules import RuleSet

CSV_SUFFIXES = (".csv",)
CHUNK_ROWS = 250  # rows a worker validates and triages at a time


class TicketImportFields(TicketIntakeFields):
    """The API's create fields, plus what an import of past tickets may carry."""

    created_at = serializers.DateTimeField(required=False)
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    resolved_at = serializers.DateTimeField(required=False)

    class Meta(TicketIntakeFields.Meta):
        fields = (*TicketIntakeFields.Meta.fields, "created_at", "status", "resolved_at")

    def validate_created_at(self, value: Any) -> Any:
        return not_in_future(value)

    def validate_resolved_at(self, value: Any) -> Any:
        return not_in_future(value)


def not_in_future(value: Any) -> Any:
    if value > timezone.now():
        raise serializers.ValidationError("Must not be in the future.")
    return value


def check_history(values: dict[str, Any]) -> dict[str, Any]:
    """What one field cannot tell alone: a resolution time belongs to a resolved ticket, after its creation."""
    resolved_at = values.get("resolved_at")
    if resolved_at is None:
        return values
    if values.get("status") not in (Status.RESOLVED, Status.CLOSED):
        raise serializers.ValidationError({"resolved_at": ["Only a resolved or closed ticket has one."]})
    if resolved_at < values.get("created_at", timezone.now()):
        raise serializers.ValidationError({"resolved_at": ["Must not be before created_at (now when not given)."]})
    return values


class RowValidator:
    """`TicketImportFields().run_validation(row)`, the same rules and messages, at a fraction of the cost.

    The serializer's bound fields are built once and each row runs through
    them as `Serializer.to_internal_value` does (field, then its
    `validate_<name>` method, errors collected by field name), without the
    per-row work that only matters for nested or partial serializers. Only
    valid for flat serializers with no object-level validators, which
    `__init__` checks; a test holds its verdicts equal to the serializer's.
    """

    def __init__(self, serializer: serializers.Serializer | None = None) -> None:
        serializer = serializer or TicketImportFields()
        if serializer.validators or type(serializer).validate is not serializers.Serializer.validate:
            raise TypeError(f"{type(serializer).__name__} validates whole rows; use its run_validation().")
        self._fields: list[tuple[str, Field, Callable[[Any], Any] | None]] = [
            (name, field, getattr(serializer, f"validate_{name}", None))
            for name, field in serializer.fields.items()
            if not field.read_only
        ]
        for _, rule, _ in self._fields:
            if isinstance(rule, serializers.DateTimeField) and not hasattr(rule, "timezone"):
                # An import runs in one time zone: look it up once, not for every value (DRF's default).
                rule.timezone = rule.default_timezone()

    def __call__(self, row: dict[str, Any]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        errors: dict[str, Any] = {}
        for name, rule, validate_method in self._fields:
            try:
                value = rule.run_validation(rule.get_value(row))
                if validate_method is not None:
                    value = validate_method(value)
            except serializers.ValidationError as error:
                errors[name] = error.detail
            except DjangoValidationError as error:
                errors[name] = get_error_detail(error)
            except SkipField:
                pass
            else:
                values[rule.source] = value
        if errors:
            raise serializers.ValidationError(errors)
        return values


@dataclass
class ImportReport:
    imported: int = 0
    refused: list[str] = field(default_factory=list)


Row = tuple[int, dict[str, Any] | str]  # (line number from 1, the row's fields or why it cannot be read)


def read_rows(path: Path) -> Iterator[Row]:
    """The file's rows by line number; CSV if the name ends in .csv or the first character is not `{`."""
    with path.open(encoding="utf-8-sig", newline="") as stream:
        first = stream.read(1)
        stream.seek(0)
        if path.suffix.lower() in CSV_SUFFIXES or first not in ("{", ""):
            yield from _csv_rows(stream)
        else:
            yield from _json_rows(stream)


def _json_rows(stream: Any) -> Iterator[Row]:
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            yield number, f"not valid JSON ({error.msg})"
            continue
        yield number, row if isinstance(row, dict) else "expected a JSON object"


def _csv_rows(stream: Any) -> Iterator[Row]:
    reader = csv.DictReader(stream)
    start = 2  # line 1 is the header
    for row in reader:
        if None in row:
            yield start, "more values than the header has columns"
        else:
            # An empty cell is a missing value: the field's default applies, or it is reported as required.
            yield start, {key: value for key, value in row.items() if value not in ("", None)}
        start = reader.line_num + 1


def _reason(error: serializers.ValidationError) -> str:
    detail = error.detail
    if isinstance(detail, dict):
        return "; ".join(f"{name}: {' '.join(str(m) for m in messages)}" for name, messages in detail.items())
    return " ".join(str(message) for message in detail)


@dataclass
class Prepared:
    rows: list[list[Any]] = field(default_factory=list)  # new tickets' column values, ready to insert
    refused: list[str] = field(default_factory=list)


class RowPreparer:
    """A chunk of rows in, the valid ones' triaged tickets as columns and the others' `line N: reason` out.

    Picklable results only: it runs in the import's worker processes.
    """

    def __init__(self, rules: RuleSet) -> None:
        self._rules = rules
        self._validate = RowValidator()
        self._build = TicketBuilder()

    def __call__(self, rows: list[Row]) -> Prepared:
        prepared, columns = Prepared(), RowColumns()
        for number, row in rows:
            try:
                if isinstance(row, str):
                    raise serializers.ValidationError([row])
                ticket = self._build(check_history(self._validate(row)))
            except serializers.ValidationError as error:
                prepared.refused.append(f"line {number}: {_reason(error)}")
                continue
            apply_triage(ticket, self._rules)
            prepared.rows.append(columns.values(ticket.__dict__))
        return prepared


def ticket_import_file(
    *,
    path: Path,
    batch_size: int = 2000,
    on_refused: Callable[[str], None] | None = None,
    workers: int | None = None,
) -> ImportReport:
    """Load every valid row of the file as a triaged ticket; report the others as `line N: reason`.

    `workers` processes (by default one per CPU) validate and triage while this
    one inserts; the outcome is the same whatever their number.
    """
    report = ImportReport()
    prepare_for_bulk_load()
    prepare = RowPreparer(current_rules())
    chunks = chunked(read_rows(path), CHUNK_ROWS)
    batch: list[list[Any]] = []
    for prepared in map_in_order(prepare, chunks, workers=workers or available_cpus()):
        for message in prepared.refused:
            report.refused.append(message)
            if on_refused:
                on_refused(message)
        batch += prepared.rows
        if len(batch) >= batch_size:
            report.imported += insert_rows(batch)
            batch = []
    if batch:
        report.imported += insert_rows(batch)
    return report

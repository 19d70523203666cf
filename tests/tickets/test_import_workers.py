"""An import spread over worker processes: results in file order, errors surfaced, the same tickets as in one process."""

import json
import os

import pytest
from django.core.management import CommandError, call_command

from tests.tickets.test_counts import fresh_counts, kept_counts, without_zeros
from tests.tickets.test_import import OUTAGE
from tickets import importing
from tickets.import_workers import available_cpus, chunked, map_in_order
from tickets.models import Ticket

DECIDED = ("customer_name", "message", "status", "category", "priority", "priority_score", "sentiment", "assigned_team")


def square_and_pid(number: int) -> tuple[int, int]:
    return number * number, os.getpid()


def fail_on_three(number: int) -> int:
    if number == 3:
        raise ValueError("three is refused")
    return number


def test_results_come_back_in_order_from_other_processes():
    results = list(map_in_order(square_and_pid, range(40), workers=2))

    assert [square for square, _ in results] == [n * n for n in range(40)]
    assert os.getpid() not in {pid for _, pid in results}


@pytest.mark.parametrize(("items", "workers"), [([7], 4), ([1, 2, 3], 1)])
def test_one_item_or_one_worker_runs_here(items, workers):
    results = list(map_in_order(square_and_pid, items, workers=workers))

    assert results == [(n * n, os.getpid()) for n in items]


def test_where_forking_is_unsafe_everything_runs_here(monkeypatch):
    monkeypatch.setattr("sys.platform", "darwin")

    assert list(map_in_order(square_and_pid, range(5), workers=4)) == [(n * n, os.getpid()) for n in range(5)]


def test_what_a_worker_is_given_is_inherited_not_pickled():
    offset = 5

    assert list(map_in_order(lambda n: n + offset, range(6), workers=2)) == [5, 6, 7, 8, 9, 10]


def test_an_error_in_a_worker_reaches_the_caller_after_the_results_before_it():
    seen = []

    with pytest.raises(ValueError, match="three is refused"):
        for result in map_in_order(fail_on_three, range(10), workers=2):
            seen.append(result)

    assert seen == [0, 1, 2]


def test_chunks_keep_every_item_in_order():
    assert list(chunked(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(chunked([], 3)) == []
    assert available_cpus() >= 1


def import_outcome(path, workers, capsys):
    with pytest.raises(CommandError, match="2 rows were refused"):
        call_command("import_tickets", str(path), "--workers", str(workers), "--batch-size", "3")
    refused = capsys.readouterr().err.splitlines()
    tickets = list(Ticket.objects.order_by("id").values_list(*DECIDED))
    return tickets, refused


@pytest.mark.django_db
def test_workers_import_the_same_tickets_in_the_same_order_as_one_process(tmp_path, capsys, monkeypatch):
    # given: a file of many small chunks, with bad rows among them
    monkeypatch.setattr(importing, "CHUNK_ROWS", 2)
    messages = ["I was charged twice", "Production is down for everyone!", "How do I export a report?"]
    lines = [json.dumps({**OUTAGE, "customer_name": f"C{i}", "message": messages[i % 3]}) for i in range(11)]
    lines[4], lines[9] = "{not json", json.dumps({**OUTAGE, "status": "archived"})
    path = tmp_path / "tickets.jsonl"
    path.write_text("\n".join(lines) + "\n")

    # when
    in_one_process = import_outcome(path, 1, capsys)
    Ticket.objects.all().delete()
    in_workers = import_outcome(path, 2, capsys)

    # then
    assert in_workers == in_one_process
    tickets, refused = in_workers
    assert [name for name, *_ in tickets] == [f"C{i}" for i in range(11) if i not in (4, 9)]
    assert [line.split(":")[0] for line in refused] == ["line 5", "line 10"]
    assert kept_counts() == without_zeros(fresh_counts())


@pytest.mark.django_db
def test_workers_must_be_at_least_one(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps(OUTAGE) + "\n")

    with pytest.raises(CommandError, match="--workers must be at least 1"):
        call_command("import_tickets", str(path), "--workers", "0")

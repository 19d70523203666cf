"""Schemathesis against the project's own OpenAPI schema: no 5xx, and every response as documented.

Runs in-process over WSGI with a fixed seed and a bounded number of examples,
as an anonymous caller and as staff, then as stateful sequences
(create, read, change status) that follow the schema's links.
"""

from collections import Counter
from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, seed, settings
from hypothesis.stateful import run_state_machine_as_test
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.hostile.conftest import tally, tally_response

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("keep_the_test_connection")]

EXAMPLES = 100
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)

CONFIG = schemathesis.config.SchemathesisConfig.from_dict(
    {
        "checks": {
            # A reused Idempotency-Key with another body is refused (422) however valid the body is.
            "positive_data_acceptance": {"expected-statuses": ["2xx", "401", "403", "404", "409", "422", "429"]},
        }
    }
)
APP = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", APP, config=CONFIG)
staff_schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", APP, config=CONFIG)
# The staff token is made per test (it lives in the test's database).
STAFF_TOKEN: dict[str, str] = {}


@staff_schema.auth(refresh_interval=None)
class StaffToken:
    """Schemathesis' own auth hook, so that its checks can still try the request without it."""

    def get(self, case: Any, ctx: Any) -> str | None:
        return STAFF_TOKEN.get("key")

    def set(self, case: Any, data: str, ctx: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Token {data}"}


@pytest.fixture
def as_staff(staff_token: str) -> Any:
    STAFF_TOKEN["key"] = staff_token
    yield
    STAFF_TOKEN.clear()


def refused_an_unknown_assignee(case: Any, response: Any) -> bool:
    """A schema cannot say which ids belong to staff: an unknown assignee is a 400 by design."""
    if response.status_code != 400 or case.method != "PATCH" or case.path != "/api/tickets/{id}/":
        return False
    return set(response.json().get("errors", {})) == {"assignee"}


def refused_a_search_without_words(case: Any, response: Any) -> bool:
    """`q` needs a letter or digit in any script, which a schema pattern cannot say in both Python's and ECMA's regex."""
    if response.status_code != 400 or case.method != "GET":
        return False
    return response.json().get("errors", {}) == {"q": ["Search for at least one word (letters or digits)."]}


def refused_by_design(case: Any, response: Any) -> bool:
    return refused_an_unknown_assignee(case, response) or refused_a_search_without_words(case, response)


def call(case: Any) -> None:
    response = case.call()
    tally_response(response.status_code)
    tally(**{"schemathesis requests": 1})
    excluded = [positive_data_acceptance] if refused_by_design(case, response) else []
    case.validate_response(response, excluded_checks=excluded)


@schema.parametrize()
@seed(20261126)
@FUZZ
def test_anonymous_caller_gets_only_documented_answers(case, generous_throttles):
    call(case)


@staff_schema.parametrize()
@seed(20261126)
@FUZZ
def test_staff_caller_gets_only_documented_answers(case, generous_throttles, as_staff):
    call(case)


# derandomize: the same sequences on every run (a fixed seed for the state machine).
STATEFUL = settings(
    max_examples=25,
    stateful_step_count=6,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
    derandomize=True,
)


def stateful_run(api: Any) -> Counter:
    """Sequences that follow the schema's links: create, then read the ticket, then move it along."""
    calls: Counter = Counter()

    class Workflow(api.as_state_machine()):
        def after_call(self, response: Any, case: Any) -> None:
            super().after_call(response, case)
            tally_response(response.status_code)
            tally(**{"schemathesis requests": 1})
            calls[(case.operation.label, response.status_code)] += 1

        def validate_response(self, response: Any, case: Any, additional_checks: Any = None, **kwargs: Any) -> None:
            excluded = [positive_data_acceptance] if refused_by_design(case, response) else []
            case.validate_response(
                response,
                additional_checks=additional_checks,
                excluded_checks=excluded,
                transport_kwargs=kwargs or None,
                recorder=self.recorder,
            )

    run_state_machine_as_test(Workflow, settings=STATEFUL)
    return calls


def test_staff_sequences_create_read_and_change_status(generous_throttles, as_staff):
    calls = stateful_run(staff_schema)

    assert calls[("POST /api/tickets/", 201)] > 0
    assert calls[("GET /api/tickets/{id}/", 200)] > 0
    assert calls[("PATCH /api/tickets/{id}/status/", 200)] > 0
    assert not [call for call in calls if call[1] >= 500]


def test_anonymous_sequences_create_but_read_nothing(generous_throttles):
    calls = stateful_run(schema)

    assert calls[("POST /api/tickets/", 201)] > 0
    assert not [call for call in calls if call[0] != "POST /api/tickets/" and call[1] < 400]

"""Schemathesis against the project's own OpenAPI schema: no 5xx, and every response as documented.

Runs in-process over WSGI with a fixed seed and a bounded number of examples,
as an anonymous caller and as staff, then as stateful sequences
(create, read, change status) that follow the schema's links.
"""

from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, seed, settings

from tests.hostile.conftest import tally_response

pytestmark = pytest.mark.django_db

EXAMPLES = 60
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)

CONFIG = schemathesis.config.SchemathesisConfig.from_dict(
    {
        "checks": {
            # A reused Idempotency-Key with another body is refused (422) however valid the body is.
            "positive_data_acceptance": {"expected-statuses": ["2xx", "401", "403", "404", "409", "422", "429"]},
        }
    }
)
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application(), config=CONFIG)


def call(case: Any, headers: dict[str, str] | None = None) -> None:
    response = case.call(headers=headers)
    tally_response(response.status_code)
    case.validate_response(response, headers=headers)


@schema.parametrize()
@seed(20261126)
@FUZZ
def test_anonymous_caller_gets_only_documented_answers(case, generous_throttles):
    call(case)


@schema.parametrize()
@seed(20261126)
@FUZZ
def test_staff_caller_gets_only_documented_answers(case, generous_throttles, staff_token):
    call(case, headers={"Authorization": f"Token {staff_token}"})

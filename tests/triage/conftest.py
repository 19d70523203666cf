import json
from pathlib import Path

import pytest

from triage.engine import TicketFacts, TriageDecision, triage

DEV_SET = Path(__file__).resolve().parents[2] / "docs" / "triage" / "dev.jsonl"


@pytest.fixture(scope="session")
def dev_cases() -> list[dict[str, str]]:
    return [json.loads(line) for line in DEV_SET.read_text().splitlines() if line.strip()]


def run(subject: str, message: str = "", tier: str = "standard", source: str = "web") -> TriageDecision:
    """Triage with the default rules; a shorthand for the rule tables below."""
    return triage(TicketFacts(subject, message, tier, source))

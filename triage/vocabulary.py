"""The allowed values of every triage output: the single source of truth.

The Django models build their choices from these tuples, so a value that is
not listed here can never be stored.
"""

from collections.abc import Mapping
from types import MappingProxyType

CATEGORIES: tuple[str, ...] = ("billing", "technical", "sales", "account", "general")
PRIORITIES: tuple[str, ...] = ("low", "medium", "high", "urgent")
SENTIMENTS: tuple[str, ...] = ("negative", "neutral", "positive")
TEAMS: tuple[str, ...] = (
    "finance",
    "technical_support",
    "customer_success",
    "sales",
    "support",
)
TIERS: tuple[str, ...] = ("free", "standard", "premium", "enterprise")
SOURCES: tuple[str, ...] = ("email", "web", "chat", "phone", "api")

DEFAULT_TEAM_FOR_CATEGORY: Mapping[str, str] = MappingProxyType(
    {
        "billing": "finance",
        "technical": "technical_support",
        "account": "customer_success",
        "sales": "sales",
        "general": "support",
    }
)

# Inclusive score bands; they tile 0..100 without gaps.
PRIORITY_BANDS: Mapping[str, tuple[int, int]] = MappingProxyType(
    {
        "low": (0, 34),
        "medium": (35, 64),
        "high": (65, 84),
        "urgent": (85, 100),
    }
)


def clamp_to_band(score: int, priority: str) -> int:
    """Return the score nearest to `score` that lies inside `priority`'s band.

    Used when staff correct a priority by hand: the score must follow the level.
    """
    if priority not in PRIORITY_BANDS:
        raise ValueError(f"Unknown priority {priority!r}; expected one of {PRIORITIES}.")
    low, high = PRIORITY_BANDS[priority]
    return max(low, min(high, int(score)))

"""Suggested customer replies and next actions for agents, as data.

A reply is assembled from an opening (by sentiment), an urgency line (by
priority), a body (by category) and a closing. The engine never knows the
customer's name, so no template needs one.
"""

from collections.abc import Container
from functools import lru_cache

OPENINGS = {
    "negative": "We're sorry for the trouble this has caused, and thank you for your patience.",
    "neutral": "Thanks for getting in touch.",
    "positive": "Thank you so much for your kind words - we've shared them with the team.",
}

URGENCY = {
    "urgent": "We are treating this as urgent: an engineer is on it now and we will update you within the hour.",
    "high": "We've prioritised your request and will get back to you today.",
    "medium": "We'll look into this and reply within one business day.",
    "low": "We'll follow up within a few business days.",
}

BODIES = {
    "billing": "Our finance team is reviewing your account's invoices and payments and will confirm the outcome in writing.",
    "technical": "Our technical support team is investigating; any error messages, screenshots or the time it happened will help us fix it faster.",
    "account": "Our customer success team will take care of your account settings; for your security we may ask you to confirm your identity first.",
    "sales": "Our sales team will get back to you with the details, pricing and options that fit your team.",
    "general": "Our support team will get back to you with an answer.",
}

CLOSING = "Best regards,\nThe SupportFlow team"

# Next actions for agents by (category, priority); specific signals override.
ACTIONS = {
    (
        "technical",
        "urgent",
    ): "Page the on-call engineer, open an incident and reply within 1 hour.",
    (
        "technical",
        "high",
    ): "Reproduce the failure today, escalate to engineering and reply within 4 hours.",
    (
        "technical",
        "medium",
    ): "Reproduce the issue, confirm the workaround and log a bug for engineering.",
    (
        "technical",
        "low",
    ): "Log the issue for the product backlog and reply with any known workaround.",
    (
        "billing",
        "urgent",
    ): "Escalate to the finance lead now, restore service if payment is confirmed and reply within 1 hour.",
    (
        "billing",
        "high",
    ): "Check the charges in the payment provider, correct or refund them today and confirm in writing.",
    (
        "billing",
        "medium",
    ): "Handle the invoice or payment request in the billing system and reply within one business day.",
    (
        "billing",
        "low",
    ): "Answer the billing question from the account's invoice history.",
    (
        "account",
        "urgent",
    ): "Lock the account, revoke sessions and keys, and call the customer within 1 hour.",
    ("account", "high"): "Verify the customer's identity and restore access today.",
    (
        "account",
        "medium",
    ): "Verify the requester is authorised, then make the account change.",
    (
        "account",
        "low",
    ): "Make the account change when convenient after verifying the requester.",
    (
        "sales",
        "urgent",
    ): "Hand to the account executive now and call the customer back within 1 hour.",
    (
        "sales",
        "high",
    ): "Hand to the account executive to respond today, before the customer's deadline.",
    (
        "sales",
        "medium",
    ): "Assign to the account executive to send a quote or book a demo within one business day.",
    (
        "sales",
        "low",
    ): "Reply with pricing and plan information and offer a call with sales.",
    ("general", "urgent"): "Escalate to the support lead now and reply within 1 hour.",
    (
        "general",
        "high",
    ): "Have a senior agent reply today and address the customer's concern directly.",
    (
        "general",
        "medium",
    ): "Answer the question or log the request and reply within one business day.",
    (
        "general",
        "low",
    ): "Reply with the answer or a help-centre link; log feedback and feature requests for the product team.",
}
SIGNAL_ACTIONS = (
    (
        "security",
        "Lock the affected account, revoke sessions and keys, and call the customer within 1 hour.",
    ),
    (
        "data_loss",
        "Page the on-call engineer, start a restore from backups and version history, and reply within 1 hour.",
    ),
    (
        "double_charge",
        "Verify the duplicate charge in the payment provider and refund it.",
    ),
    (
        "suspended",
        "Check the payment status, reactivate the workspace if the payment is confirmed and reply today.",
    ),
    (
        "cancel_threat",
        "Escalate to the customer success manager today; the customer is threatening to leave.",
    ),
)


@lru_cache(maxsize=128)  # 5 x 4 x 3 combinations, each built once
def suggested_reply(category: str, priority: str, sentiment: str) -> str:
    """A reply an agent can send as-is or edit."""
    parts = [
        OPENINGS.get(sentiment, OPENINGS["neutral"]),
        URGENCY.get(priority, URGENCY["medium"]),
        BODIES.get(category, BODIES["general"]),
        CLOSING,
    ]
    return "\n\n".join(parts)


_FALLBACK_ACTION = ACTIONS[("general", "medium")]


def next_action(category: str, priority: str, signals: Container[str] = frozenset()) -> str:
    """What the agent should do first."""
    if priority in ("high", "urgent"):
        for signal, action in SIGNAL_ACTIONS:
            if signal in signals:
                return action
    return ACTIONS.get((category, priority), _FALLBACK_ACTION)

"""SupportFlow triage: a plain-Python rule engine and, beside it, the rule store.

The engine's modules (engine, text, matcher, rules, replies, ...) import
nothing from Django; the app hands them plain facts and plain rule data and
stores the decision they return. Only the rule store (models, admin,
migrations, management commands) is Django code.
"""

"""SupportFlow triage engine: plain-Python rules that classify support tickets.

Nothing in this package imports Django; the app hands the engine plain facts
and plain rule data, and stores the decision it returns.
"""

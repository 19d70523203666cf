"""Corrections to the generated OpenAPI schema, so that it says exactly what the list filters accept.

Registered in SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"].
"""

from typing import Any

from tickets.filters import ChoiceListFilter, TicketFilter

FILTERED_PATHS = ("/api/tickets/", "/api/analytics/summary/")


def describe_ticket_filters(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Choice filters take a comma-separated list; an empty filter value means no filter."""
    list_filters = {name for name, f in TicketFilter.base_filters.items() if isinstance(f, ChoiceListFilter)}
    for path in FILTERED_PATHS:
        operation = result["paths"].get(path, {}).get("get")
        if operation is None:
            continue
        for parameter in operation.get("parameters", []):
            if parameter["in"] != "query" or parameter["name"] == "page":
                continue
            parameter["allowEmptyValue"] = True
            if parameter["name"] in list_filters:
                parameter.update(style="form", explode=False)
                parameter["schema"] = {"type": "array", "items": parameter["schema"], "minItems": 1}
            if parameter["name"] == "q":
                parameter["schema"]["maxLength"] = TicketFilter.base_filters["q"].extra["max_length"]
    return result


BLANK_ALTERNATIVE = {"type": "string", "maxLength": 0}


def merge_blank_text_alternatives(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """A blank-allowed text field with a pattern is described as `oneOf: [pattern, blank]`.

    The pattern already admits "", so "" would match both branches and fail the
    `oneOf`: the schema would call a valid blank subject invalid. Keep the one branch.
    """
    for component in result.get("components", {}).get("schemas", {}).values():
        for name, field in component.get("properties", {}).items():
            branches = field.get("oneOf") if isinstance(field, dict) else None
            if branches and len(branches) == 2 and branches[1] == BLANK_ALTERNATIVE:
                text = branches[0]
                if text.get("pattern", "").endswith("*$"):
                    component["properties"][name] = text
    return result

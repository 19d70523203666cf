"""Corrections to the generated OpenAPI schema, so that it says exactly what the list filters accept.

Registered in SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"].
"""

from typing import Any

from tickets.filters import AssigneeField, ChoiceListFilter, TicketFilter

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
            if parameter["name"] == "assignee":
                parameter["schema"] = {"type": "string", "pattern": AssigneeField.pattern}
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


# A created ticket's id leads to reading it and to moving it along (OpenAPI links,
# which clients and stateful API testers follow).
CREATED_TICKET_LINKS = {
    "ReadTheTicket": {"operationId": "tickets_retrieve", "parameters": {"id": "$response.body#/id"}},
    "ChangeItsStatus": {"operationId": "tickets_status_partial_update", "parameters": {"id": "$response.body#/id"}},
}


def link_created_ticket(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    created = result["paths"].get("/api/tickets/", {}).get("post", {}).get("responses", {}).get("201")
    if created is not None:
        created["links"] = CREATED_TICKET_LINKS
    return result


def require_status_on_patch(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular makes every PATCH body partial; the status change needs its one field."""
    component = result.get("components", {}).get("schemas", {}).get("PatchedStatusChangeRequest")
    if component is not None:
        component["required"] = ["status"]
        operation = result["paths"]["/api/tickets/{id}/status/"]["patch"]
        operation["requestBody"]["required"] = True
    return result


def close_ticket_update_body(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """PATCH /api/tickets/{id}/ refuses fields it does not name (400), and needs at least one."""
    component = result.get("components", {}).get("schemas", {}).get("PatchedTicketUpdateRequest")
    if component is not None:
        component["additionalProperties"] = False
        component["minProperties"] = 1
        result["paths"]["/api/tickets/{id}/"]["patch"]["requestBody"]["required"] = True
    return result

"""The OpenAPI document: security requirements and access rules on every operation.

Credentials are read by one plain dependency (`app.auth.principal.Allow`), so the security
schemes are documented here, from the same access rules the endpoints enforce.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from app.auth.principal import SECURITY_SCHEMES, Allow, current_principal
from app.kit.openapi import finish_openapi

_SECURITY: list[dict[str, list[str]]] = [{"bearer": []}, {"apiKey": []}]


def _access(dependant: Dependant) -> Iterator[Allow | None]:
    """Access rules in a dependency tree: an `Allow`, or None for any authenticated caller."""
    for sub in dependant.dependencies:
        if isinstance(sub.call, Allow):
            yield sub.call
        elif sub.call is current_principal:
            yield None
        yield from _access(sub)


def _describe(rule: Allow | None) -> str:
    if rule is None:
        return "**Access:** any authenticated caller."
    roles = ", ".join(sorted(r.value for r in rule.roles))
    return f"**Access:** roles {roles}; API keys with scope `{rule.scope}` (or `admin`)."


def install_openapi(app: FastAPI) -> None:
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = finish_openapi(generate())
        schema.setdefault("components", {})["securitySchemes"] = SECURITY_SCHEMES
        for context in iter_route_contexts(app.routes):
            route = context.original_route
            if not isinstance(route, APIRoute) or context.path_format is None:
                continue
            rules = list(_access(route.dependant))
            if not rules:
                continue
            for method in route.methods or ():
                operation = schema["paths"].get(context.path_format, {}).get(method.lower())
                if operation is None:
                    continue
                operation["security"] = _SECURITY
                note = _describe(rules[0])
                operation["description"] = (
                    f"{operation['description']}\n\n{note}"
                    if operation.get("description")
                    else note
                )
                if rules[0] is not None:
                    operation["x-takt-access"] = {
                        "roles": sorted(r.value for r in rules[0].roles),
                        "scope": rules[0].scope,
                    }
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]

"""RFC 9457 problem+json for every error: domain errors, validation, routing, database."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request, params
from fastapi.datastructures import DefaultPlaceholder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import iter_route_contexts
from pydantic import BaseModel, Field
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path

from app.db.errors import DatabaseError, IntegrityViolation, classify
from app.db.integrity import translate
from app.kit import errors

log = logging.getLogger("takt.errors")

PROBLEM_MEDIA_TYPE = "application/problem+json"

_STATUS_BY_KIND: list[tuple[type[errors.TaktError], int]] = [
    (errors.NotFound, 404),
    (errors.Conflict, 409),
    (errors.Invalid, 422),
    (errors.BadRequest, 400),
    (errors.Unauthenticated, 401),
    (errors.Forbidden, 403),
    (errors.ServiceUnavailable, 503),
]

_CODE_BY_HTTP_STATUS = {
    400: "malformed_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
}


class ValidationIssue(BaseModel):
    loc: list[str | int] = Field(description="where the problem is, e.g. ['body', 'quantity']")
    msg: str = Field(description="what is wrong")


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    type: str = Field(
        description="URI naming the problem type", examples=["urn:takt:problem:not_found"]
    )
    title: str = Field(description="short summary of the problem type")
    status: int = Field(description="HTTP status code")
    detail: str = Field(description="explanation specific to this occurrence")
    code: str = Field(description="stable machine-readable code", examples=["not_found"])
    errors: list[ValidationIssue] | None = Field(
        None, description="validation errors, one per offending field"
    )

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "type": "urn:takt:problem:validation_error",
                    "title": "Invalid request",
                    "status": 422,
                    "detail": "body.quantity: Input should be a valid integer",
                    "code": "validation_error",
                    "errors": [
                        {"loc": ["body", "quantity"], "msg": "Input should be a valid integer"}
                    ],
                }
            ]
        }
    }


def problem_response(
    status: int,
    code: str,
    title: str,
    detail: str,
    *,
    extra: dict[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": f"urn:takt:problem:{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
    }
    if extra:  # extension members never shadow the standard ones
        body.update({k: v for k, v in extra.items() if k not in body})
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def status_for(exc: errors.TaktError) -> int:
    for kind, status in _STATUS_BY_KIND:
        if isinstance(exc, kind):
            return status
    return 400


def error_response(exc: errors.TaktError) -> JSONResponse:
    status = status_for(exc)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return problem_response(
        status, exc.code, exc.title, exc.detail, extra=exc.extra or None, headers=headers
    )


async def _takt_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, errors.TaktError)
    return error_response(exc)


def _loc(loc: tuple[Any, ...] | list[Any]) -> list[str | int]:
    return [p if isinstance(p, int) else str(p) for p in loc]


def _unsupported_media_type(request: Request) -> JSONResponse | None:
    """415 when a body's media type is not the route's: JSON sent as text/plain or without
    a Content-Type (FastAPI then validates the raw bytes: "Input should be a valid
    dictionary"), or anything but a form sent to a form route. Judged only on a validation
    error: no cost otherwise."""
    route = request.scope.get("route")
    body_field = getattr(route, "body_field", None)
    headers = request.headers
    no_body = headers.get("content-length", "0") == "0" and (
        "chunked" not in headers.get("transfer-encoding", "")
    )
    if body_field is None or no_body:
        return None  # no body: missing fields are a validation error
    media = headers.get("content-type", "").split(";", 1)[0].strip().lower()
    accepted: tuple[str, ...]
    if isinstance(body_field.field_info, params.Form):
        accepted = ("application/x-www-form-urlencoded", "multipart/form-data")
        if media in accepted:
            return None
    else:
        accepted = ("application/json",)
        strict = getattr(route, "strict_content_type", True)
        strict = strict.value if isinstance(strict, DefaultPlaceholder) else strict
        if media == "application/json" or (
            media.startswith("application/") and media.endswith("+json")
        ):
            return None
        if not media and not strict:
            return None  # the route reads a body without a media type as JSON
    takes = f"this operation takes {' or '.join(accepted)}"
    detail = f"{takes}, not {media}" if media else f"{takes}: name it in Content-Type"
    return problem_response(415, "unsupported_media_type", "Unsupported Media Type", detail)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    unsupported = _unsupported_media_type(request)
    if unsupported is not None:
        return unsupported
    issues = exc.errors()
    if any(e.get("type") == "json_invalid" for e in issues):
        return problem_response(
            400, "malformed_request", "Malformed request", "the request body is not valid JSON"
        )
    listed = [{"loc": _loc(e.get("loc", ())), "msg": str(e.get("msg", ""))} for e in issues]
    first = listed[0] if listed else {"loc": [], "msg": "invalid"}
    where = ".".join(str(p) for p in first["loc"]) or "request"
    detail = f"{where}: {first['msg']}"
    if len(listed) > 1:
        detail += f" (and {len(listed) - 1} more)"
    return problem_response(
        422, "validation_error", "Invalid request", detail, extra={"errors": listed}
    )


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _CODE_BY_HTTP_STATUS.get(exc.status_code, f"http_{exc.status_code}")
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"no resource at {request.url.path}"
    headers = exc.headers
    if exc.status_code == 405:
        detail = f"{request.method} is not allowed on {request.url.path}"
        headers = {**(headers or {}), "Allow": allowed_methods(request)}
    title = HTTPStatus(exc.status_code).phrase
    return problem_response(exc.status_code, code, title, detail, headers=headers)


def allowed_methods(request: Request) -> str:
    """Every method some route answers on this path (Starlette's 405 names only the first
    route that matched the path, e.g. `GET` where `POST` is served too)."""
    path = request.scope.get("path", "")
    methods: set[str] = set()
    for context in iter_route_contexts(request.app.router.routes):
        if context.methods and context.path_format and _path_regex(context.path).match(path):
            methods |= context.methods
    if "GET" in methods:
        methods.add("HEAD")
    return ", ".join(sorted(methods))


@functools.cache
def _path_regex(path: str) -> re.Pattern[str]:
    return compile_path(path)[0]


async def _database_error(request: Request, exc: Exception) -> JSONResponse:
    """Our `DatabaseError`s (from the executors) and SQLAlchemy's (from ORM sessions) alike."""
    error = classify(exc)
    if isinstance(error, IntegrityViolation):
        log.info("integrity error on %s %s: %s", request.method, request.url.path, error)
        return error_response(translate(error))
    if error.kind == "transient":
        return problem_response(
            409,
            "concurrent_update",
            "Concurrent update",
            "another request changed the same records at the same time; retry",
        )
    log.exception("database error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem_response(
        503, "database_error", "Database error", "the database could not complete the request"
    )


async def _unhandled(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem_response(
        500, "internal_error", "Internal server error", "an unexpected error occurred"
    )


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(errors.TaktError, _takt_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(DatabaseError, _database_error)
    app.add_exception_handler(DBAPIError, _database_error)
    app.add_exception_handler(Exception, _unhandled)


# OpenAPI: what each problem status means on any operation.
PROBLEM_DESCRIPTIONS = {
    400: "Malformed request: `malformed_request` (the body is not JSON) or `invalid_cursor` "
    "(a `cursor` this server did not issue)",
    401: "Missing or invalid credentials (`not_authenticated`)",
    403: "Role or scope not allowed (`forbidden`)",
    404: "Unknown resource (`not_found`)",
    409: "Conflicts with the current state",
    413: "Request body too large (`payload_too_large`)",
    415: "Unsupported media type (`unsupported_media_type`): send the body as the operation's "
    "content type",
    422: "Invalid input: `validation_error` (with `errors`, one per offending field) or a "
    "domain rule's code",
    503: "The service cannot answer now",
}


# OpenAPI: an operation's own problem responses (app.kit.openapi adds the ones every
# operation of its kind has, and writes them all as application/problem+json).
def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {
        s: {
            "model": Problem,
            "description": PROBLEM_DESCRIPTIONS.get(s, "Problem"),
            "content": {PROBLEM_MEDIA_TYPE: {}},
        }
        for s in statuses
    }

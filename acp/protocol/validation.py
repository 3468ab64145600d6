"""Turn untrusted request bytes into typed ACP requests, or into a precise ACP error.

Parity with the SDK: malformed JSON and schema violations answer 422
``invalid_input``.  Unlike the SDK, the message never echoes pydantic's dump
(which leaks input and, with newer FastAPI, server file paths): it names each
bad field, and ``data.errors`` lists ``{"loc", "msg"}`` pairs.
"""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from pydantic import ValidationError

from acp.errors import InvalidInputError
from acp.types import ACPModel, RunCreateRequest

__all__ = ["check_session", "parse_body", "parse_uuid", "validation_error"]

_M = TypeVar("_M", bound=ACPModel)


def _loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for item in loc:
        if isinstance(item, int):
            out += f"[{item}]"
        else:  # a union member shows as its tag: metadata.citation.start_index
            out = f"{out}.{item}" if out else item
    return out


def validation_error(exc: ValidationError) -> InvalidInputError:
    """A 422 naming every invalid field, without echoing the input."""
    errors: list[dict[str, Any]] = []
    for err in exc.errors(include_url=False, include_input=False, include_context=False):
        msg = err["msg"].removeprefix("Value error, ")
        errors.append({"loc": _loc(err["loc"]), "msg": msg})
    summary = "; ".join(f"{e['loc'] or 'body'}: {e['msg']}" for e in errors[:5])
    if len(errors) > 5:
        summary += f"; and {len(errors) - 5} more"
    return InvalidInputError(f"Invalid request: {summary}", data={"errors": errors})


def parse_body(model: type[_M], body: bytes) -> _M:
    """Validate a JSON request body as ``model``; raise :class:`InvalidInputError` (422)."""
    if not body.strip():
        raise InvalidInputError(
            "Invalid request: body: a JSON object is required",
            data={"errors": [{"loc": "", "msg": "a JSON object is required"}]},
        )
    try:
        return model.model_validate_json(body)
    except ValidationError as exc:
        raise validation_error(exc) from None


def parse_uuid(value: str, what: str) -> uuid.UUID:
    """A path parameter that must be a UUID; 422 otherwise, as in the SDK."""
    try:
        return uuid.UUID(value)
    except ValueError:
        raise InvalidInputError(
            f"Invalid request: {what}: must be a UUID",
            data={"errors": [{"loc": what, "msg": "must be a UUID"}]},
        ) from None


def check_session(request: RunCreateRequest) -> uuid.UUID | None:
    """The session a run joins; 400 if ``session_id`` and ``session.id`` differ."""
    if request.session is not None:
        if request.session_id is not None and request.session_id != request.session.id:
            raise InvalidInputError("Session ID mismatch", http_status=400)
        return request.session.id
    return request.session_id

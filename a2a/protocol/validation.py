"""Turn untrusted input into typed requests, or into a precise ``InvalidParamsError``."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import ValidationError

from a2a.errors import InvalidParamsError
from a2a.types import A2AModel, proto_json_name, required_violations

__all__ = ["parse_params", "validation_error"]

_M = TypeVar("_M", bound=A2AModel)


def _location(loc: tuple[int | str, ...]) -> str:
    path = ""
    for item in loc:
        if isinstance(item, int):
            path += f"[{item}]"
        else:
            name = proto_json_name(item) if "_" in item else item
            path = f"{path}.{name}" if path else name
    return path


def validation_error(exc: ValidationError, prefix: str = "") -> InvalidParamsError:
    """Map a pydantic error to -32602 with one ``fieldViolations`` entry per problem.

    Only pydantic's short message is kept; the offending input is never echoed.
    """
    violations = []
    for err in exc.errors(include_url=False, include_input=False, include_context=False):
        field = _location(err["loc"])
        if prefix:
            field = f"{prefix}.{field}" if field else prefix
        message = err["msg"].removeprefix("Value error, ")
        violations.append((field, message))
    return InvalidParamsError("Invalid parameters", field_violations=violations)


def parse_params(model: type[_M], data: Any, *, prefix: str = "") -> _M:
    """Validate ``data`` (decoded JSON) as ``model`` and check its ``REQUIRED`` fields.

    Raises :class:`InvalidParamsError` naming every invalid or missing field.
    """
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InvalidParamsError(
            "Invalid parameters", field_violations=[(prefix, "expected a JSON object")]
        )
    try:
        value = model.from_dict(data)
    except ValidationError as exc:
        raise validation_error(exc, prefix) from None
    missing = required_violations(value)
    if missing:
        raise InvalidParamsError(
            "Invalid parameters",
            field_violations=[
                (f"{prefix}.{v.field}" if prefix else v.field, v.description) for v in missing
            ],
        )
    return value

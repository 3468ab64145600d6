"""The HTTP+JSON route table (A2A §11), without I/O.

Routes come from :data:`a2a.operations.OPERATIONS`.  A path is matched as raw
segments, so an id holding ``/`` or ``:`` (percent-encoded) survives.  Routes
with a ``:verb`` suffix are tried before the bare ``/tasks/{id}``, and a path
without a tenant prefix wins over one that would need it (A2A §11 #16).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any
from urllib.parse import quote, unquote

from a2a.errors import HTTPMethodNotAllowedError, MethodNotFoundError
from a2a.operations import OPERATIONS, Operation
from a2a.protocol.validation import parse_params
from a2a.types import A2AModel, format_timestamp, proto_json_name

__all__ = ["RouteMatch", "build_request", "match_route", "rest_path", "rest_query"]


@dataclass(frozen=True, slots=True)
class RouteMatch:
    operation: Operation
    path_params: dict[str, str]
    tenant: str


@dataclass(frozen=True, slots=True)
class _Route:
    operation: Operation
    methods: frozenset[str]
    segments: tuple[str, ...]  # literal text, or "{name}" for a parameter
    verb: str  # ":cancel" etc., or ""


def _compile(op: Operation) -> _Route:
    path, _, verb = op.http_path.partition(":")
    return _Route(
        op,
        frozenset((op.http_method, *op.extra_http_methods)),
        tuple(path.strip("/").split("/")),
        f":{verb}" if verb else "",
    )


# Verb routes first, so that "/tasks/x:cancel" never reaches "/tasks/{id}".
_ROUTES: tuple[_Route, ...] = tuple(
    sorted((_compile(op) for op in OPERATIONS), key=lambda r: (r.verb == "", -len(r.segments)))
)


# Routes without path parameters, by (method, path): matched without parsing.
_EXACT: dict[tuple[str, str], RouteMatch] = {
    (method, route.operation.http_path): RouteMatch(route.operation, {}, "")
    for route in _ROUTES
    if not route.operation.path_params
    for method in route.methods
}


def _match(route: _Route, segments: list[str]) -> dict[str, str] | None:
    if len(segments) != len(route.segments):
        return None
    params: dict[str, str] = {}
    last = len(segments) - 1
    for index, (pattern, raw) in enumerate(zip(route.segments, segments, strict=False)):
        if index == last and route.verb:
            if not raw.endswith(route.verb):
                return None
            raw = raw[: -len(route.verb)]
        if pattern.startswith("{"):
            value = unquote(raw)
            if not value:
                return None
            params[pattern[1:-1]] = value
        elif unquote(raw) != pattern:
            return None
    return params


def match_route(method: str, raw_path: str) -> RouteMatch:
    """Find the operation for an HTTP method and a path relative to the interface URL.

    ``raw_path`` must still be percent-encoded.  Raises
    :class:`MethodNotFoundError` (404) when no route has this path, and
    :class:`HTTPMethodNotAllowedError` (405) when one does but not this verb.
    """
    exact = _EXACT.get((method, raw_path))
    if exact is not None:  # the common case: a route without parameters, no tenant
        return exact
    segments = raw_path.strip("/").split("/")
    allowed: set[str] = set()
    for tenant_segments in (0, 1):
        if tenant_segments and len(segments) < 2:
            break
        tenant = unquote(segments[0]) if tenant_segments else ""
        rest = segments[tenant_segments:]
        verb_matched = False
        for route in _ROUTES:
            # A ":verb" path belongs to its verb route, whatever the method.
            if verb_matched and not route.verb:
                break
            params = _match(route, rest)
            if params is None:
                continue
            if method in route.methods:
                return RouteMatch(route.operation, params, tenant)
            allowed |= route.methods
            verb_matched = bool(route.verb)
        if allowed:
            break
    if allowed:
        raise HTTPMethodNotAllowedError(allowed=tuple(sorted(allowed)))
    raise MethodNotFoundError("No A2A operation at this path")


def build_request(match: RouteMatch, query: Iterable[tuple[str, str]], body: Any) -> A2AModel:
    """Assemble and validate the request message of a matched route.

    Path parameters and the tenant come from the URL; everything else from the
    JSON body (``body: "*"``) or, for GET and DELETE, from camelCase query
    parameters.  Unknown query parameters (such as ``A2A-Version``) are ignored.
    """
    op = match.operation
    data: dict[str, Any]
    if op.has_body and body is not None:
        if not isinstance(body, dict):
            return parse_params(op.request, body)  # raises: not an object
        # The body is ours to change only when the URL adds fields to it.
        data = dict(body) if match.path_params or match.tenant else body
    else:
        data = _query_dict(op.request, query)
    for name, value in match.path_params.items():
        data[name] = value
    if match.tenant:
        data["tenant"] = match.tenant
    return parse_params(op.request, data)


def _query_dict(model: type[A2AModel], query: Iterable[tuple[str, str]]) -> dict[str, Any]:
    fields = model.model_fields
    names = {proto_json_name(name): name for name in fields}
    names.update({name: name for name in fields})
    data: dict[str, Any] = {}
    for key, value in query:
        name = names.get(key)
        if name is None:
            continue
        annotation = str(fields[name].annotation)
        if annotation.startswith("list["):
            data.setdefault(name, []).extend(v for v in value.split(",") if v)
        else:
            data[name] = value
    return data


def rest_path(op: Operation, request: A2AModel, tenant: str = "") -> str:
    """The request path of ``op`` for ``request`` (client side), tenant-prefixed if set."""
    path = op.http_path
    for name in op.path_params:
        path = path.replace("{" + name + "}", quote(str(getattr(request, name)), safe=""))
    if tenant:
        path = "/" + quote(tenant, safe="") + path
    return path


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime):
        return format_timestamp(value)
    return str(value)


def rest_query(op: Operation, request: A2AModel) -> list[tuple[str, str]]:
    """Query parameters for a GET or DELETE request (client side); defaults are left out."""
    if op.has_body:
        return []
    skip = {*op.path_params, "tenant"}
    out: list[tuple[str, str]] = []
    dumped: Mapping[str, Any] = request.model_dump(exclude_defaults=True, by_alias=False)
    for name, value in dumped.items():
        if name in skip or value is None:
            continue
        key = proto_json_name(name)
        if isinstance(value, list):
            out.extend((key, _query_value(item)) for item in value)
        else:
            out.append((key, _query_value(value)))
    return out

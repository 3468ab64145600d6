"""Request headers as the endpoints read them."""

from __future__ import annotations

from a2a.server.http import header_map


def test_names_are_lowercased_and_repeated_headers_joined_in_order() -> None:
    scope = {
        "headers": [
            (b"A2A-Extensions", b"urn:a"),
            (b"content-type", b"application/json"),
            (b"a2a-extensions", b"urn:b"),
            (b"X-Latin", "caf\u00e9".encode("latin-1")),
        ]
    }
    assert header_map(scope) == {
        "a2a-extensions": "urn:a,urn:b",
        "content-type": "application/json",
        "x-latin": "caf\u00e9",
    }


def test_no_headers() -> None:
    assert header_map({}) == {}
    assert header_map({"headers": []}) == {}

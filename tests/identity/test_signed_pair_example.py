"""``examples/signed_pair.py`` runs end to end on loopback and refuses the tampered message."""

from __future__ import annotations

import pytest

from examples import signed_pair


async def test_signed_pair(capsys: pytest.CaptureFixture[str]) -> None:
    await signed_pair.main()
    out = capsys.readouterr().out
    assert "Alice verified Bob's card 'Bob' (ES256" in out
    assert "Bob replied 'Bob got: Please book a table for 10', signed by http://127.0.0.1" in out
    assert "Alice replied 'Alice got: Table for 10 booked'" in out
    assert "Tampered message refused: SIGNATURE_INVALID (bad_signature)" in out

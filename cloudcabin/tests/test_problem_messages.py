"""A problem's message is its code's message in the language active when it is built,
whatever language built the same code before (messages are translated once a language)."""

from __future__ import annotations

from django.utils.translation import override

from cloudcabin.errors import CATALOGUE, problem


def test_a_problems_message_follows_the_active_language_back_and_forth() -> None:
    seen = []
    for language in ("en", "zh-hans", "en", "zh-hans"):
        with override(language):
            built = problem("DEC_REGION_MISSING", path="lines[0].domestic_region", line=7)
            assert built.message == str(CATALOGUE["DEC_REGION_MISSING"].message).format(line=7)
            seen.append(built.message)
    assert seen[0] == seen[2] != seen[1] == seen[3]
    assert "7" in seen[0] and "7" in seen[1]
    with override(None):  # no language active: the message as written
        assert problem("NOT_FOUND").message == "Not found."

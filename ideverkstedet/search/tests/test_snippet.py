"""The snippet under each result: plain text around the first hit, or the start of the body."""

from ideverkstedet.search.text import SNIPPET_CHARS, parse_query, snippet

FILLER = "Kommunen har mange tjenester som brukes hver dag av innbyggere i alle aldre. " * 4


def test_snippet_starts_at_the_beginning_when_the_hit_is_early():
    text = "Barnehagen trenger flere plasser.\n\n  Foreldre venter."
    assert snippet(text, parse_query("barnehage")) == "Barnehagen trenger flere plasser. Foreldre venter."


def test_snippet_shows_the_text_around_a_later_hit():
    text = FILLER + "Nå trengs en ny barnehage i sentrum. " + FILLER
    result = snippet(text, parse_query("barnehagen"))
    assert result.startswith("…") and result.endswith("…")
    assert "ny barnehage i sentrum" in result
    assert len(result) <= SNIPPET_CHARS + 2


def test_snippet_without_a_hit_in_the_body_is_its_start():
    result = snippet(FILLER, parse_query("svømmehall"))
    assert result.startswith("Kommunen har mange") and result.endswith("…")
    assert len(result) <= SNIPPET_CHARS + 1


def test_snippet_finds_a_prefix_hit():
    text = FILLER + "Skolebussen kommer for sent."
    assert "Skolebussen kommer for sent." in snippet(text, parse_query("skole"))


def test_empty_body_gives_an_empty_snippet():
    assert snippet("", parse_query("barnehage")) == ""

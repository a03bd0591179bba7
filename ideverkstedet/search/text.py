"""Norwegian text handling shared by both search backends: words, stems, queries and snippets.

PostgreSQL stems with its own `norwegian` text search configuration (Snowball stemmer + stop words); SQLite's
FTS5 table is filled with text stemmed here by the same Snowball algorithm and the same stop word list, so both
databases agree on what a word matches. A user's query never reaches either database as syntax: it is cut
into words, and the words are quoted one by one.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

# Letters and digits (æøå included); "_" and everything else separates words, as in FTS5's unicode61
# tokenizer and, for ordinary words, PostgreSQL's parser.
WORD_RE = re.compile(r"[^\W_]+")

# Longer input is cut; nobody types more than this into a search box on purpose.
MAX_QUERY_CHARS = 500
MAX_QUERY_WORDS = 10
# PostgreSQL skips words it cannot index (over 2047 bytes); we drop anything implausibly long earlier.
MAX_WORD_CHARS = 60
# The last word also matches as a prefix ("barneh" → "barnehage", "skole" → "skolebuss") when its stem is
# at least this long; shorter prefixes match too much to be useful.
MIN_PREFIX_CHARS = 3

# PostgreSQL's tsearch_data/norwegian.stop (from the Snowball project), so that SQLite ignores the same words.
_STOP_WORDS = """
    alle at av bare begge ble blei bli blir blitt både båe da de deg dei deim deira deires dem den denne der dere
    deres det dette di din disse ditt du dykk dykkar då eg ein eit eitt eller elles en enn er et ett etter for
    fordi fra før ha hadde han hans har hennar henne hennes her hjå ho hoe honom hoss hossen hun hva hvem hver
    hvilke hvilken hvis hvor hvordan hvorfor i ikke ikkje ingen ingi inkje inn inni ja jeg kan kom korleis korso
    kun kunne kva kvar kvarhelst kven kvi kvifor man mange me med medan meg meget mellom men mi min mine mitt mot
    mykje ned no noe noen noka noko nokon nokor nokre nå når og også om opp oss over på samme seg selv si sia
    sidan siden sin sine sitt sjøl skal skulle slik so som somme somt så sånn til um upp ut uten var vart varte
    ved vere verte vi vil ville vore vors vort vår være vært å
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

SNIPPET_CHARS = 200
# How much text before the first hit the snippet shows, so the hit is read in context.
SNIPPET_LEAD_CHARS = 60

_stemmer = snowballstemmer.stemmer("norwegian")


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    """The Snowball stem of one lower-case word."""
    return str(_stemmer.stemWord(word))


def words(text: str) -> list[str]:
    """The lower-case words of `text` that carry meaning (stop words left out)."""
    return [word for word in WORD_RE.findall(text.lower()) if word not in STOP_WORDS]


def stem_text(text: str) -> str:
    """The stems of `text`'s words joined by spaces: what SQLite's FTS5 table indexes."""
    return " ".join(stem(word) for word in words(text.replace("\x00", " ")))


@dataclass(frozen=True)
class ParsedQuery:
    """A search query as words. All words must match (or any, with `any_word`: "more like this"); the last
    also as a prefix when `prefix` is set."""

    words: tuple[str, ...]
    prefix: bool
    any_word: bool = False

    @property
    def stems(self) -> tuple[str, ...]:
        return tuple(stem(word) for word in self.words)

    def __bool__(self) -> bool:
        return bool(self.words)

    def matches(self, word_stem: str) -> bool:
        """Whether a word of a text (given by its stem) is one of the query's words."""
        stems = self.stems
        if word_stem in stems:
            return True
        return self.prefix and word_stem.startswith(stems[-1])

    def fts5(self, *, column: str | None = None) -> str:
        """The query in FTS5 syntax: every stem a quoted string, optionally limited to one column."""
        terms = [_fts5_string(word_stem) for word_stem in self.stems]
        if self.prefix:
            terms[-1] += " *"
        expression = (" OR " if self.any_word else " AND ").join(terms)
        return f"{column} : ({expression})" if column else expression

    def tsquery(self, *, weight: str = "") -> str:
        """The query for PostgreSQL's to_tsquery('norwegian', …), which stems the quoted words itself.

        Words are letters and digits only, so quoting them is enough to keep tsquery operators out.
        `weight` ("A") limits a match to the title.
        """
        terms = [f"'{word}':{weight}" if weight else f"'{word}'" for word in self.words]
        if self.prefix:
            terms[-1] = f"'{self.words[-1]}':*{weight}"
        return (" | " if self.any_word else " & ").join(terms)


def _fts5_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def parse_query(text: str) -> ParsedQuery:
    """Cut what a person typed into words; anything that is not a word (quotes, operators, NUL) is dropped."""
    seen: dict[str, None] = {}
    for word in words(text[:MAX_QUERY_CHARS]):
        if len(word) <= MAX_WORD_CHARS:
            seen.setdefault(word)
    query_words = tuple(seen)[:MAX_QUERY_WORDS]
    prefix = bool(query_words) and len(stem(query_words[-1])) >= MIN_PREFIX_CHARS
    return ParsedQuery(words=query_words, prefix=prefix)


def snippet(body: str, query: ParsedQuery) -> str:
    """About SNIPPET_CHARS of `body` around the first word that matches `query`, or the start of `body`."""
    text = " ".join(body.split())
    start = 0
    for match in WORD_RE.finditer(text):
        word = match.group().lower()
        if word not in STOP_WORDS and query.matches(stem(word)):
            start = match.start()
            break
    if start > SNIPPET_LEAD_CHARS:
        # Begin at a word boundary a little before the hit.
        space = text.find(" ", start - SNIPPET_LEAD_CHARS, start)
        start = space + 1 if space != -1 else start
    else:
        start = 0
    end = start + SNIPPET_CHARS
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    excerpt = text[start:end].strip()
    return ("…" if start > 0 else "") + excerpt + ("…" if end < len(text) else "")

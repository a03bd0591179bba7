"""The demo's texts, in challenges.toml: challenges with their ideas, comments, insight, notes and places.

Read once into named records, so the builder says `template.question`, never `template[7]`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

CONTENT_FILE = Path(__file__).with_name("challenges.toml")


class IdeaText(NamedTuple):
    title: str
    text: str


class InsightText(NamedTuple):
    kind: str
    title: str
    body: str  # {who}, {n} and {unit} are filled in
    source: str
    method: str


@dataclass(frozen=True)
class Template:
    """One challenge of the demo; the large demo repeats it at other places."""

    area: str  # service area, by name
    unit: str  # by name
    asked: str  # who the team asked (plural, no names)
    title: str
    summary: str
    description: str
    tags: tuple[str, ...]
    question: str
    ideas: tuple[IdeaText, ...]


with CONTENT_FILE.open("rb") as _handle:
    _content = tomllib.load(_handle)

TEMPLATES: list[Template] = [
    Template(
        area=c["area"],
        unit=c["unit"],
        asked=c["asked"],
        title=c["title"],
        summary=c["summary"],
        description=c["description"],
        tags=tuple(c["tags"]),
        question=c["question"],
        ideas=tuple(IdeaText(i["title"], i["text"]) for i in c.get("idea", [])),
    )
    for c in _content["challenge"]
]
GENERIC_IDEAS: list[IdeaText] = [IdeaText(i["title"], i["text"]) for i in _content["generic_idea"]]
CHALLENGE_COMMENTS: list[str] = _content["challenge_comments"]
IDEA_COMMENTS: list[str] = _content["idea_comments"]
REPLIES: list[str] = _content["replies"]
STATUS_NOTES: dict[str, list[str]] = _content["status_notes"]
OUTCOMES: list[str] = _content["outcomes"]
PHASE_NOTES: dict[str, str] = _content["phase_notes"]
INSIGHTS: list[InsightText] = [InsightText(**i) for i in _content["insight"]]
PLACES: list[tuple[str, str]] = [(p["preposition"], p["name"]) for p in _content["places"]]
NUMBERS: list[str] = _content["numbers"]
OWNERS: dict[str, str] = _content["owners"]

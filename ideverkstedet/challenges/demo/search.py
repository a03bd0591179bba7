"""The demo's search entries, written in bulk as the services would write them one by one."""

from __future__ import annotations

from functools import lru_cache

from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from ideverkstedet.challenges.demo.common import BATCH, Plan
from ideverkstedet.challenges.models import (
    Visibility,
)
from ideverkstedet.core.markdown import render_markdown


@lru_cache(maxsize=4096)
def plain_text(markdown_text: str) -> str:
    """As the services index it: rendered Markdown without tags."""
    return strip_tags(render_markdown(markdown_text))


@lru_cache(maxsize=8192)
def _stems(text: str) -> str:
    from ideverkstedet.search.text import stem_text

    return stem_text(text)


def index_plans(plans: list[Plan]) -> None:
    """One search entry per challenge and visible idea, as services.search_index writes them, in bulk."""
    from ideverkstedet.search.models import SearchEntry
    from ideverkstedet.search.services import search_reindex_all

    now = timezone.now()
    entries: list[SearchEntry] = []
    for plan in plans:
        challenge = plan.challenge
        visibility = "public" if challenge.visibility == Visibility.PUBLIC else "internal"
        body = f"{challenge.summary}\n{plain_text(challenge.description)}"
        url = reverse("challenges:detail", args=[challenge.slug])
        entries.append(
            SearchEntry(
                kind="challenge",
                object_id=challenge.pk,
                title=challenge.title[:300],
                body=body,
                url=url,
                visibility=visibility,
                updated_at=now,
                stemmed_title=_stems(challenge.title[:300]),
                stemmed_body=_stems(body),
            )
        )
        for idea in plan.ideas:
            if idea.hidden_at is not None:
                continue
            text = plain_text(idea.description)
            entries.append(
                SearchEntry(
                    kind="idea",
                    object_id=idea.pk,
                    title=idea.title,
                    body=text,
                    url=f"{url}ideer/{idea.pk}/",
                    visibility=visibility,
                    updated_at=now,
                    stemmed_title=_stems(idea.title),
                    stemmed_body=_stems(text),
                )
            )
    # SQLite's FTS5 table follows by trigger; PostgreSQL's vectors are computed by the reindex.
    SearchEntry.objects.bulk_create(entries, batch_size=BATCH)
    if connection.vendor == "postgresql":
        search_reindex_all()

from typing import Any

from ideverkstedet.core import privacy


def export_stories(user: Any) -> dict[str, Any]:
    from ideverkstedet.stories.models import Reuse, Story

    return {
        "stories_written": [
            {"title": s.title, "published_at": s.published_at.isoformat() if s.published_at else None}
            for s in Story.objects.filter(author=user)
        ],
        "contact_for": list(Story.objects.filter(contact=user).values_list("title", flat=True)),
        "reuse": [
            {"story": r.story.title, "who": r.who, "status": r.status, "note": r.note}
            for r in Reuse.objects.filter(user=user).select_related("story")
        ],
    }


def erase_stories(user: Any) -> None:
    """Stories stay (the team's work, others reuse it) without the person; their reuse notes lose the tie."""
    from ideverkstedet.stories.models import Reuse, Story

    Story.objects.filter(contact=user).update(contact=None)
    Story.objects.filter(author=user).update(author=None)
    for reuse in Reuse.objects.filter(user=user).select_related("unit"):
        # "who" is free text and may name the person: keep only the unit.
        reuse.user = None
        reuse.who = reuse.unit.name if reuse.unit else "–"
        reuse.note = ""
        reuse.save(update_fields=["user", "who", "note"])


privacy.register_exporter("stories", export_stories)
privacy.register_eraser("stories", erase_stories)

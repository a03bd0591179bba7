from typing import Any

from ideverkstedet.core import privacy


def export_plans(user: Any) -> list[dict[str, Any]]:
    from ideverkstedet.methods.models import Plan

    return [
        {
            "title": plan.title,
            "date": plan.date.isoformat() if plan.date else None,
            "start_time": f"{plan.start_time:%H:%M}",
            "notes": plan.notes,
            "is_shared": plan.is_shared,
            "is_template": plan.is_template,
            "blocks": [
                {"title": b.title, "minutes": b.minutes, "facilitator_notes": b.facilitator_notes}
                for b in plan.blocks.order_by("position")
            ],
        }
        for plan in Plan.objects.filter(owner=user).prefetch_related("blocks")
    ]


def erase_plans(user: Any) -> None:
    """A person's own plans go with them; templates stay for the unit, since others build on them."""
    from ideverkstedet.methods.models import Plan

    Plan.objects.filter(owner=user, is_template=False).delete()


privacy.register_exporter("plans", export_plans)
privacy.register_eraser("plans", erase_plans)

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ideverkstedet.core.admin import AdminSitePermissions
from ideverkstedet.methods.models import TRANSLATED_FIELDS, Method, Plan, PlanBlock
from ideverkstedet.methods.services import method_search_index


def _language_fields(suffix: str) -> tuple[str, ...]:
    return tuple(field + suffix for field in TRANSLATED_FIELDS)


@admin.register(Method)
class MethodAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "slug",
        "duration_min",
        "duration_max",
        "group_min",
        "group_max",
        "difficulty",
        "is_published",
    ]
    list_filter = ["difficulty", "is_published"]
    search_fields = ["name", "name_nn", "name_en", "summary", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["related"]

    def save_model(self, request: HttpRequest, obj: Method, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        method_search_index(obj)  # the site's search finds the card as it now reads

    fieldsets = (
        (
            None,
            {
                "fields": (
                    "slug",
                    "is_published",
                    "phases",
                    ("duration_min", "duration_max"),
                    ("group_min", "group_max"),
                    "difficulty",
                    "licence",
                    "related",
                )
            },
        ),
        (_("Bokmål"), {"fields": _language_fields("")}),
        (_("Nynorsk"), {"fields": _language_fields("_nn"), "classes": ["collapse"]}),
        (_("Engelsk"), {"fields": _language_fields("_en"), "classes": ["collapse"]}),
    )


class PlanBlockInline(admin.TabularInline):
    model = PlanBlock
    extra = 0
    autocomplete_fields = ["method"]
    fields = ["position", "title", "method", "minutes", "facilitator_notes"]


@admin.register(Plan)
class PlanAdmin(AdminSitePermissions, admin.ModelAdmin):
    """Templates only: a person's own plans (and their facilitator notes) are private to them and to whoever
    they share them with, administrators included."""

    list_display = ["title", "owner", "date", "start_time", "is_template", "is_shared", "updated_at"]
    list_filter = ["is_template", "is_shared"]
    search_fields = ["title"]
    raw_id_fields = ["owner", "copied_from", "booking", "session"]
    inlines = [PlanBlockInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Plan]:
        return super().get_queryset(request).filter(is_template=True)

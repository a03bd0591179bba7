"""The unit renames and orders the phases here, and tends tags and challenges. Ideas and comments are moderated
on the moderation page, not here: the admin would show who wrote an anonymous post."""

from django.contrib import admin
from django.http import HttpRequest

from ideverkstedet.challenges.models import Challenge, Phase, Tag
from ideverkstedet.core.admin import AdminSitePermissions
from ideverkstedet.core.uploads import ImageModelAdmin


@admin.register(Phase)
class PhaseAdmin(admin.ModelAdmin):
    list_display = ["name", "name_nn", "name_en", "slug", "order"]
    list_editable = ["order"]
    fields = [
        "name",
        "name_nn",
        "name_en",
        "slug",
        "order",
        "description",
        "description_nn",
        "description_en",
    ]

    def has_delete_permission(self, request: HttpRequest, obj: Phase | None = None) -> bool:
        # A phase in use stays (challenges and their history point to it); rename it instead.
        return obj is None or not obj.challenges.exists()


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Challenge)
class ChallengeAdmin(AdminSitePermissions, ImageModelAdmin):
    list_display = ["title", "phase", "visibility", "owner", "idea_count", "comment_count", "updated_at"]
    list_filter = ["phase", "visibility", "service_areas"]
    search_fields = ["title", "summary"]
    raw_id_fields = ["owner", "unit", "organisation"]
    filter_horizontal = ["service_areas", "tags"]
    readonly_fields = ["slug", "idea_count", "comment_count", "created_at", "updated_at"]

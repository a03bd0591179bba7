from django.contrib import admin

from ideverkstedet.core.uploads import ImageModelAdmin
from ideverkstedet.stories.models import InnovationRecord, Reuse, Story, StoryAttachment


class InnovationInline(admin.StackedInline):
    model = InnovationRecord
    can_delete = False
    readonly_fields = ["type_codes", "effect_codes"]


class AttachmentInline(admin.TabularInline):
    model = StoryAttachment
    extra = 0
    readonly_fields = ["size"]


@admin.register(Story)
class StoryAdmin(ImageModelAdmin):
    list_display = ["title", "visibility", "published_at", "unit"]
    list_filter = ["visibility"]
    search_fields = ["title", "summary"]
    raw_id_fields = ["challenge", "author", "contact"]
    inlines = [InnovationInline, AttachmentInline]


@admin.register(Reuse)
class ReuseAdmin(admin.ModelAdmin):
    list_display = ["who", "story", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["story", "user"]

from typing import Any

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from ideverkstedet.core.admin import AdminSitePermissions
from ideverkstedet.core.uploads import ImageModelAdmin
from ideverkstedet.stories.models import InnovationRecord, Reuse, Story, StoryAttachment
from ideverkstedet.stories.services import MAX_ATTACHMENT_BYTES


class InnovationInline(admin.StackedInline):
    model = InnovationRecord
    can_delete = False
    readonly_fields = ["type_codes", "effect_codes"]


class AttachmentAdminForm(forms.ModelForm):
    """The same checks as the story page's attachments (a PDF by its content, at most 10 MB)."""

    class Meta:
        model = StoryAttachment
        fields = ["title", "file"]

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            if upload.size and upload.size > MAX_ATTACHMENT_BYTES:
                raise forms.ValidationError(_("Filen er for stor. Den kan være høyst 10 MB."))
            upload.seek(0)
            head = upload.read(5)
            upload.seek(0)
            if head != b"%PDF-":
                raise forms.ValidationError(_("Filen er ikke en PDF."))
            self.instance.size = upload.size or 0
        return upload


class AttachmentInline(admin.TabularInline):
    model = StoryAttachment
    form = AttachmentAdminForm
    extra = 0
    readonly_fields = ["size"]


@admin.register(Story)
class StoryAdmin(AdminSitePermissions, ImageModelAdmin):
    list_display = ["title", "visibility", "published_at", "unit"]
    list_filter = ["visibility"]
    search_fields = ["title", "summary"]
    raw_id_fields = ["challenge", "author", "contact"]
    inlines = [InnovationInline, AttachmentInline]


@admin.register(Reuse)
class ReuseAdmin(AdminSitePermissions, admin.ModelAdmin):
    list_display = ["who", "story", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["story", "user"]

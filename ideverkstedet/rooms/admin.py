from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ideverkstedet.core.uploads import ImageModelAdmin, ReencodedImagesForm
from ideverkstedet.rooms.models import Booking, ClosedDay, OpeningHours, PurposeKind, Room


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class RoomForm(ReencodedImagesForm):
    class Meta:
        model = Room
        fields = "__all__"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("image") and not (data.get("image_alt") or "").strip():
            self.add_error("image_alt", _("Skriv en kort tekst om hva bildet viser (for skjermlesere)."))
        return data


@admin.register(Room)
class RoomAdmin(ImageModelAdmin):
    form = RoomForm
    list_display = ["name", "kind", "capacity", "is_active"]
    list_filter = ["kind", "is_active"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OpeningHoursInline]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "slug",
                    "kind",
                    "is_active",
                    "summary",
                    "description",
                    "location",
                    "floor",
                    "address",
                    "directions",
                    "capacity",
                )
            },
        ),
        ("Tilgjengelighet og bilde", {"fields": ("accessibility", "image", "image_alt")}),
        (
            "Regler",
            {
                "fields": (
                    "slot_minutes",
                    "min_minutes",
                    "max_minutes",
                    "buffer_minutes",
                    "max_days_ahead",
                    "min_notice_minutes",
                    "max_open_bookings",
                    "approval_roles",
                    "approval_over_minutes",
                    "checkin_grace_minutes",
                )
            },
        ),
    )


@admin.register(ClosedDay)
class ClosedDayAdmin(admin.ModelAdmin):
    list_display = ["date", "room", "reason", "opens", "closes"]
    list_filter = ["room"]
    date_hierarchy = "date"


@admin.register(PurposeKind)
class PurposeKindAdmin(admin.ModelAdmin):
    list_display = ["name", "name_nn", "name_en", "position", "is_active"]
    list_editable = ["position", "is_active"]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    """Read-mostly: bookings change through the pages, so every change is checked and audited."""

    list_display = ["room", "start", "end", "kind", "status", "organiser", "purpose_kind"]
    list_filter = ["status", "kind", "room", "purpose_kind"]
    list_select_related = ["room", "organiser", "purpose_kind"]
    date_hierarchy = "start"
    search_fields = ["organiser__email", "title"]
    readonly_fields = [f.name for f in Booking._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

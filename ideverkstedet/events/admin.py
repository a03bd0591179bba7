from django.contrib import admin
from django.http import HttpRequest

from ideverkstedet.core.uploads import ImageModelAdmin
from ideverkstedet.events.models import Event, EventKind, Registration, Session


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    readonly_fields = ["booking"]


@admin.register(EventKind)
class EventKindAdmin(admin.ModelAdmin):
    list_display = ["name", "name_nn", "name_en", "position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Event)
class EventAdmin(ImageModelAdmin):
    list_display = ["title", "kind", "status", "starts_at", "capacity", "registration"]
    list_filter = ["status", "kind", "registration", "is_public"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title"]
    inlines = [SessionInline]
    raw_id_fields = ["created_by"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    """Read-only: places and the waitlist change through the services, which keep them fair and audited."""

    list_display = ["event", "person", "status", "waitlist_position", "places", "attended"]
    list_filter = ["status", "event"]
    list_select_related = ["event", "person"]
    readonly_fields = [f.name for f in Registration._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

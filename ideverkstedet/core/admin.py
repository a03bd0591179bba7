from django.contrib import admin
from django.http import HttpRequest

from ideverkstedet.core.models import AuditEntry


class AdminSitePermissions:
    """For a model whose Django permission names are also rules ("methods.change_plan"): the rules answer those
    names about objects in the site (an administrator may not change another person's plan), so the admin site
    asks here instead. The admin is for superusers; what it shows is limited by each ModelAdmin's queryset."""

    def _superuser(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self._superuser(request)

    def has_add_permission(self, request: HttpRequest, *args: object) -> bool:
        return self._superuser(request)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self._superuser(request)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self._superuser(request)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._superuser(request)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log is written by services, never edited by hand."""

    list_display = ["at", "actor", "action", "target_repr", "reason"]
    list_filter = ["action", "target_type"]
    search_fields = ["action", "target_repr", "reason", "actor__email"]
    date_hierarchy = "at"
    list_select_related = ["actor"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

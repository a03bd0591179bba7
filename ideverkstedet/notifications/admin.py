from django.contrib import admin

from ideverkstedet.notifications.models import EmailSettings, Notification, OutgoingEmail


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "kind", "created_at", "read_at", "digest_due"]
    list_filter = ["kind", "digest_due"]
    list_select_related = ["user"]
    search_fields = ["title", "user__email"]
    raw_id_fields = ["user"]


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "to", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["subject", "to"]
    raw_id_fields = ["user"]
    readonly_fields = ["attempts", "last_error", "sent_at", "created_at"]


@admin.register(EmailSettings)
class EmailSettingsAdmin(admin.ModelAdmin):
    list_display = ["user", "daily_digest", "digest_sent_on"]
    list_filter = ["daily_digest"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]

from django.contrib import admin

from ideverkstedet.desk.models import Kind


@admin.register(Kind)
class KindAdmin(admin.ModelAdmin):
    list_display = ["name", "name_nn", "name_en", "position", "is_active"]
    list_editable = ["position", "is_active"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "name_nn", "name_en"]

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ideverkstedet.accounts import services
from ideverkstedet.accounts.models import ApiToken, Organisation, ServiceArea, Unit, User


class UserChangeForm(auth_forms.UserChangeForm):
    change_reason = forms.CharField(
        label=_("Begrunnelse for endring av rolle"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Påkrevd når rollen, enheten eller organisasjonen endres. Lagres i revisjonsloggen."),
    )

    class Meta(auth_forms.UserChangeForm.Meta):
        model = User
        fields = (
            "email",
            "password",
            "full_name",
            "language",
            "email_verified_at",
            "role",
            "unit",
            "organisation",
            "is_active",
            "groups",
        )  # type: ignore[assignment]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        changed = {"role", "unit", "organisation"} & set(self.changed_data)
        if self.instance.pk and changed and not (data.get("change_reason") or "").strip():
            self.add_error("change_reason", _("Skriv hvorfor rollen endres."))
        return data


class UserCreationForm(auth_forms.AdminUserCreationForm):
    class Meta(auth_forms.AdminUserCreationForm.Meta):
        model = User
        fields = ("email", "full_name", "role")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "role", "unit", "organisation", "is_active", "email_verified_at"]
    list_filter = ["role", "is_active", "unit__service_area"]
    list_select_related = ["unit", "organisation"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["last_login", "date_joined", "anonymised_at", "is_staff", "is_superuser"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "language", "email_verified_at")}),
        (_("Rolle og tilhørighet"), {"fields": ("role", "unit", "organisation", "change_reason")}),
        (_("Tilgang"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Datoer"), {"fields": ("last_login", "date_joined", "anonymised_at")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "role", "usable_password", "password1", "password2"),
            },
        ),
    )

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        role_fields = {"role", "unit", "organisation"} & set(form.changed_data)
        if change and role_fields:
            # The role change goes through its service so that it is audited like any other staff action.
            new = (obj.role, obj.unit, obj.organisation)
            original = User.objects.get(pk=obj.pk)
            obj.role, obj.unit, obj.organisation = original.role, original.unit, original.organisation
            super().save_model(request, obj, form, change)
            services.user_change_role(
                actor=request.user,  # type: ignore[arg-type]
                user=obj,
                role=new[0],
                unit=new[1],
                organisation=new[2],
                reason=form.cleaned_data["change_reason"],
            )
            return
        if not change:
            obj.is_staff = obj.is_superuser = obj.role == "administrator"
        super().save_model(request, obj, form, change)


@admin.register(ServiceArea)
class ServiceAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "service_area"]
    list_filter = ["service_area"]
    list_select_related = ["service_area"]
    search_fields = ["name"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "website"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "hint", "created_at", "last_used_at"]
    list_select_related = ["user"]
    readonly_fields = ["user", "name", "hint", "created_at", "last_used_at"]
    search_fields = ["name", "user__email"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

import json
from datetime import timedelta
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.tokens import default_token_generator
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from ideverkstedet.accounts import services
from ideverkstedet.accounts.forms import (
    ApiTokenForm,
    DeleteAccountForm,
    EmailForm,
    LoginForm,
    NewPasswordForm,
    ProfileForm,
    SignUpForm,
)
from ideverkstedet.accounts.models import User
from ideverkstedet.accounts.tokens import email_verification_token
from ideverkstedet.core import ratelimit, sections
from ideverkstedet.core.current import current_user as _user
from ideverkstedet.core.permissions import authorize


def remember_language(response: HttpResponseBase, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=True,
    )


def _user_from_uid(uidb64: str) -> User | None:
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    return User.objects.filter(pk=pk, anonymised_at__isnull=True).first()


@sensitive_post_parameters("password1", "password2")
@authorize("accounts.sign_up", public=True)
def sign_up(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        key = ratelimit.client_key(request, "sign_up")
        if not ratelimit.allow(key, limit=settings.SIGN_UP_RATE_LIMIT, per=timedelta(hours=1)):
            form.add_error(
                None, _("Det er laget mange kontoer herfra den siste timen. Prøv igjen om en time.")
            )
            return render(request, "accounts/sign_up.html", {"form": form}, status=429)
        data = form.cleaned_data
        services.user_sign_up(
            email=data["email"],
            full_name=data["full_name"],
            password=data["password1"],
            role=data["role"],
            unit=data.get("unit"),
            organisation=data.get("organisation"),
            new_organisation_name=data.get("new_organisation_name", ""),
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        return render(request, "accounts/sign_up_done.html", {"email": data["email"]})
    return render(request, "accounts/sign_up.html", {"form": form})


@authorize("accounts.verify_email", public=True)
def verify_email(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    user = _user_from_uid(uidb64)
    if user is not None and user.email_verified_at is not None:
        messages.info(request, _("E-postadressen er allerede bekreftet. Du kan logge inn."))
        return redirect("accounts:login")
    if user is None or not email_verification_token.check_token(user, token):
        return render(request, "accounts/verify_failed.html", status=400)
    if request.method == "POST":
        services.user_verify_email(user=user)
        messages.success(request, _("Takk! E-postadressen er bekreftet. Nå kan du logge inn."))
        return redirect("accounts:login")
    # A GET only shows a button: mail scanners that follow links must not verify for the person.
    return render(request, "accounts/verify_confirm.html", {"verified_email": user.email})


def _account_mail_limited(request: HttpRequest, form: EmailForm, template: str) -> HttpResponse | None:
    """Per client: at most ACCOUNT_MAILS_PER_CLIENT requests for account emails an hour (per address: services)."""
    key = ratelimit.client_key(request, "account_mail")
    if ratelimit.allow(key, limit=settings.ACCOUNT_MAILS_PER_CLIENT, per=timedelta(hours=1)):
        return None
    form.add_error(None, _("Det er bedt om mange e-poster herfra den siste timen. Prøv igjen om en time."))
    return render(request, template, {"form": form}, status=429)


@authorize("accounts.verify_email", public=True)
def resend_verification(request: HttpRequest) -> HttpResponse:
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if limited := _account_mail_limited(request, form, "accounts/resend.html"):
            return limited
        user = User.objects.filter(
            email__iexact=form.cleaned_data["email"], email_verified_at__isnull=True, is_active=True
        ).first()
        if user is not None:
            services.user_send_verification(user=user)
        return render(request, "accounts/resend_done.html", {"email": form.cleaned_data["email"]})
    return render(request, "accounts/resend.html", {"form": form})


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # Buttons for ID-porten and Entra ID when configured (the oidc app fills this in).
        context.update(sections.context("login", self.request.user))
        return context

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_valid(form)
        user = cast(User, form.get_user())
        services.user_record_login(user=user, method="password")
        translation.activate(user.language)
        remember_language(response, user.language)
        return response


@require_POST
@authorize("accounts.log_in", public=True)
def log_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("Du er logget ut."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


@authorize("accounts.reset_password", public=True)
def password_reset(request: HttpRequest) -> HttpResponse:
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if limited := _account_mail_limited(request, form, "accounts/password_reset.html"):
            return limited
        services.user_request_password_reset(email=form.cleaned_data["email"])
        return render(request, "accounts/password_reset_done.html", {"email": form.cleaned_data["email"]})
    return render(request, "accounts/password_reset.html", {"form": form})


@sensitive_post_parameters("new_password1", "new_password2")
@authorize("accounts.reset_password", public=True)
def password_reset_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    user = _user_from_uid(uidb64)
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "accounts/password_reset_failed.html", status=400)
    form = NewPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        services.user_password_changed(user=user)
        if user.email_verified_at is None:
            # Getting the reset mail proves the address as well as a verification mail would.
            services.user_verify_email(user=user)
        messages.success(request, _("Passordet er endret. Logg inn med det nye passordet."))
        return redirect("accounts:login")
    return render(request, "accounts/password_reset_confirm.html", {"form": form})


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@authorize("accounts.change_password")
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(_user(request), request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)
        if services.user_password_changed(user=_user(request)):
            messages.success(
                request, _("Passordet er endret. API-nøklene dine er slettet; lag nye om du trenger dem.")
            )
        else:
            messages.success(request, _("Passordet er endret."))
        return redirect("accounts:profile")
    return render(request, "accounts/password_change.html", {"form": form})


@authorize("accounts.view_profile")
def profile(request: HttpRequest) -> HttpResponse:
    from ideverkstedet.core.mypage import render_sections

    user = _user(request)
    profile_form = ProfileForm(initial={"full_name": user.full_name, "language": user.language})
    return render(
        request,
        "accounts/profile.html",
        {
            **sections.context("profile", user),
            "sections": render_sections(request),
            "profile_form": profile_form,
            "token_form": ApiTokenForm(),
            "tokens": user.api_tokens.all(),
            "new_token_key": request.session.pop("new_api_token", None),
        },
    )


@authorize("accounts.change_profile")
def profile_edit(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ProfileForm(request.POST or None, initial={"full_name": user.full_name, "language": user.language})
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(
            user=user, full_name=form.cleaned_data["full_name"], language=form.cleaned_data["language"]
        )
        translation.activate(user.language)
        messages.success(request, _("Profilen er lagret."))
        response = redirect("accounts:profile")
        remember_language(response, user.language)
        return response
    return render(request, "accounts/profile_edit.html", {"form": form})


@require_POST
@authorize("accounts.manage_api_tokens")
def api_token_create(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        user = _user(request)
        return render(
            request,
            "accounts/profile.html",
            {
                "profile_form": ProfileForm(initial={"full_name": user.full_name, "language": user.language}),
                "token_form": form,
                "tokens": user.api_tokens.all(),
            },
            status=400,
        )
    _token, key = services.api_token_create(user=_user(request), name=form.cleaned_data["name"])
    # Shown once on the next page and then gone; it is never stored in clear text.
    request.session["new_api_token"] = key
    return HttpResponseRedirect(reverse("accounts:profile") + "#api-nokler")


@require_POST
@authorize("accounts.manage_api_tokens")
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    if services.api_token_revoke(user=_user(request), token_id=pk):
        messages.success(request, _("API-nøkkelen er slettet og virker ikke lenger."))
    return HttpResponseRedirect(reverse("accounts:profile") + "#api-nokler")


@authorize("accounts.export_data")
def export_data(request: HttpRequest) -> HttpResponse:
    data = services.user_export_data(user=_user(request))
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="mine-data-ideverkstedet-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@sensitive_post_parameters("password")
@authorize("accounts.delete_account")
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=_user(request))
    if request.method == "POST" and form.is_valid():
        services.user_delete_account(user=_user(request))
        logout(request)
        return render(request, "accounts/deleted.html")
    return render(request, "accounts/delete.html", {"form": form})


@require_POST
@authorize("core.view_public_pages", public=True)
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch language, without JavaScript too. Kept in a cookie and, when logged in, on the account."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    response = redirect(next_url)
    if language in dict(settings.LANGUAGES):
        services.user_set_language(user=_user(request), language=language)
        remember_language(response, language)
    return response

from django.urls import path

from ideverkstedet.accounts import views
from ideverkstedet.core.permissions import authorize

app_name = "accounts"

urlpatterns = [
    path("registrer/", views.sign_up, name="sign_up"),
    path("bekreft/<uidb64>/<token>/", views.verify_email, name="verify_email"),
    path("bekreft/ny-lenke/", views.resend_verification, name="resend_verification"),
    path("logg-inn/", authorize("accounts.log_in", public=True)(views.LoginView.as_view()), name="login"),
    path("logg-ut/", views.log_out, name="logout"),
    path("glemt-passord/", views.password_reset, name="password_reset"),
    path("nytt-passord/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("profil/", views.profile, name="profile"),
    path("profil/endre/", views.profile_edit, name="profile_edit"),
    path("profil/passord/", views.password_change, name="password_change"),
    path("profil/api-nokler/", views.api_token_create, name="api_token_create"),
    path("profil/api-nokler/<id:pk>/slett/", views.api_token_revoke, name="api_token_revoke"),
    path("profil/mine-data/", views.export_data, name="export_data"),
    path("profil/slett/", views.delete_account, name="delete_account"),
    path("sprak/", views.set_language, name="set_language"),
]

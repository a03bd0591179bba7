from django.urls import path

from ideverkstedet.oidc import views

app_name = "oidc"

urlpatterns = [
    path("<slug:provider_id>/login/", views.login, name="login"),
    path("<slug:provider_id>/login/callback/", views.callback, name="callback"),
    path("<slug:provider_id>/backchannel-logout/", views.backchannel_logout, name="backchannel_logout"),
    path("forste-innlogging/", views.first_login, name="first_login"),
    path("enhet/", views.choose_unit, name="choose_unit"),
    path("koblinger/<int:pk>/fjern/", views.unlink, name="unlink"),
]

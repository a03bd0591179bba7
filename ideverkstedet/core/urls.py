from django.urls import path

from ideverkstedet.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("om/", views.about, name="about"),
    path("personvern/", views.privacy, name="privacy"),
    path("tilgjengelighet/", views.accessibility, name="accessibility"),
    path("healthz", views.healthz, name="healthz"),
]

from django.urls import path

from ideverkstedet.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("mote/", views.verb_meet, name="meet"),
    path("tenke/", views.verb_think, name="think"),
    path("skape/", views.verb_create, name="create"),
    path("dele/", views.verb_share, name="share"),
    path("om/", views.about, name="about"),
    path("personvern/", views.privacy, name="privacy"),
    path("tilgjengelighet/", views.accessibility, name="accessibility"),
    path("healthz", views.healthz, name="healthz"),
]

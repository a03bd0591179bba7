from django.urls import URLPattern, URLResolver, path

from ideverkstedet.desk import views

app_name = "desk"

urlpatterns: list[URLPattern | URLResolver] = [
    path("hjelp/", views.ask, name="ask"),
    path("hjelp/mine/", views.my_requests, name="my_requests"),
    path("hjelp/ko/", views.queue, name="queue"),
    path("hjelp/<str:reference>/", views.request_detail, name="request_detail"),
    path("hjelp/<str:reference>/melding/", views.message_new, name="message_new"),
    path("hjelp/<str:reference>/fordel/", views.assign, name="assign"),
    path("hjelp/<str:reference>/status/", views.change_status, name="change_status"),
    path("hjelp/<str:reference>/vurdering/", views.evaluate, name="evaluate"),
    path("hjelp/<str:reference>/vedlegg/<str:token>/", views.attachment, name="attachment"),
]

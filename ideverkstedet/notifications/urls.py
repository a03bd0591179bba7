from django.urls import path

from ideverkstedet.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("innstillinger/", views.notification_settings, name="settings"),
    path("les-alle/", views.notification_mark_all_read, name="mark_all_read"),
    path("<id:pk>/apne/", views.notification_open, name="open"),
]

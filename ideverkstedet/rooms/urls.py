from django.urls import path

from ideverkstedet.rooms import views

app_name = "rooms"

urlpatterns = [
    path("rom/", views.room_list, name="room_list"),
    path("rom/<slug:slug>/", views.room_detail, name="room_detail"),
    path("rom/<slug:slug>/book/", views.booking_new, name="booking_new"),
    path("rom/<slug:slug>/sperr/", views.block_new, name="block_new"),
    path("rom/<slug:slug>/kalender.ics", views.room_feed, name="room_feed"),
    path("booking/", views.my_bookings, name="my_bookings"),
    path("booking/kalenderlenke/", views.calendar_feed_renew, name="calendar_feed_renew"),
    path("booking/kalender/<str:token>.ics", views.personal_feed, name="personal_feed"),
    path("booking/godkjenning/", views.approval_queue, name="approval_queue"),
    path("booking/godkjenning/flere/", views.bookings_decide, name="bookings_decide"),
    path("booking/<id:pk>/", views.booking_detail, name="booking_detail"),
    path("booking/<id:pk>/kalender.ics", views.booking_ics, name="booking_ics"),
    path("booking/<id:pk>/endre/", views.booking_edit, name="booking_edit"),
    path("booking/<id:pk>/avlys/", views.booking_cancel, name="booking_cancel"),
    path("booking/<id:pk>/sjekk-inn/", views.booking_check_in, name="booking_check_in"),
    path("booking/<id:pk>/resultat/", views.booking_outcome, name="booking_outcome"),
    path("booking/<id:pk>/godkjenn/", views.booking_approve, name="booking_approve"),
    path("booking/<id:pk>/avsla/", views.booking_decline, name="booking_decline"),
]

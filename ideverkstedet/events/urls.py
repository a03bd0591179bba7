from django.urls import path

from ideverkstedet.events import views

app_name = "events"

urlpatterns = [
    path("arrangementer/", views.event_list, name="event_list"),
    path("arrangementer/mine/", views.my_registrations, name="my_registrations"),
    path("arrangementer/kalender.ics", views.event_feed, name="feed"),
    path("arrangementer/ny/", views.event_new, name="event_new"),
    path("arrangementer/<slug:slug>/publiser/", views.event_publish, name="publish"),
    path("arrangementer/<slug:slug>/avlys/", views.event_cancel, name="event_cancel"),
    path("arrangementer/<slug:slug>/", views.event_detail, name="event_detail"),
    path("arrangementer/<slug:slug>/meld-pa/", views.register, name="register"),
    path("arrangementer/<slug:slug>/meld-av/", views.cancel, name="cancel"),
    path("arrangementer/<slug:slug>/takk-ja/", views.accept_offer, name="accept_offer"),
    path("arrangementer/<slug:slug>/jeg-kommer/", views.announce, name="announce"),
    path("arrangementer/<slug:slug>/evaluer/", views.evaluate, name="evaluate"),
    path("arrangementer/<slug:slug>/endre/", views.event_edit, name="event_edit"),
    path("arrangementer/<slug:slug>/ny-okt/", views.session_new, name="session_new"),
    path(
        "arrangementer/<slug:slug>/pamelding/<id:pk>/kalender.ics",
        views.registration_ics,
        name="registration_ics",
    ),
    path("arrangementer/<slug:slug>/deltakere/", views.participant_list, name="participants"),
    path("arrangementer/<slug:slug>/deltakere/<id:pk>/oppmote/", views.mark_attendance, name="attendance"),
    path("arrangementer/<slug:slug>/deltakere/<id:pk>/flytt/", views.move_in_line, name="move"),
]

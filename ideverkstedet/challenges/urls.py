from django.urls import URLPattern, URLResolver, path

from ideverkstedet.challenges import views
from ideverkstedet.challenges.views import joining

app_name = "challenges"

urlpatterns: list[URLPattern | URLResolver] = [
    path("utfordringer/", views.challenge_list, name="list"),
    path("utfordringer/ny/", views.challenge_new, name="new"),
    path("utfordringer/mine-innlegg/", views.my_posts, name="my_posts"),
    path("utfordringer/<slug:slug>/", views.challenge_detail, name="detail"),
    path("utfordringer/<slug:slug>/endre/", views.challenge_edit, name="edit"),
    path("utfordringer/<slug:slug>/fase/", views.challenge_phase, name="phase"),
    path("utfordringer/<slug:slug>/innspill/", views.challenge_open, name="open"),
    path("utfordringer/<slug:slug>/innspill/avslutt/", views.challenge_close, name="close"),
    path("utfordringer/<slug:slug>/laget/", views.team, name="team"),
    path("utfordringer/<slug:slug>/laget/bli-med/", views.team_join, name="team_join"),
    path("utfordringer/<slug:slug>/laget/invitasjon/", views.team_respond, name="team_respond"),
    path("utfordringer/<slug:slug>/laget/<id:pk>/", views.team_decide, name="team_decide"),
    path(
        "utfordringer/<slug:slug>/laget/invitasjoner/<id:pk>/trekk/",
        views.team_withdraw,
        name="team_withdraw",
    ),
    path("utfordringer/<slug:slug>/innsikt/", views.insight, name="insight"),
    path("utfordringer/<slug:slug>/ideer/ny/", views.idea_new, name="idea_new"),
    path("utfordringer/<slug:slug>/ideer/lignende/", joining.idea_suggestions, name="idea_suggestions"),
    path("utfordringer/<slug:slug>/ideer/<id:pk>/slaa-sammen/", joining.idea_merge, name="idea_merge"),
    path("utfordringer/<slug:slug>/sammenslaaing/<id:pk>/angre/", joining.merge_undo, name="merge_undo"),
    path("utfordringer/<slug:slug>/slaa-sammen/", joining.join_propose, name="join_propose"),
    path("utfordringer/<slug:slug>/forslag/<id:pk>/svar/", joining.join_answer, name="join_answer"),
    path("utfordringer/<slug:slug>/forslag/<id:pk>/trekk/", joining.join_withdraw, name="join_withdraw"),
    path("utfordringer/<slug:slug>/ideer/<id:pk>/", views.idea_detail, name="idea"),
    path("utfordringer/<slug:slug>/ideer/<id:pk>/heia/", views.idea_cheer, name="cheer"),
    path("utfordringer/<slug:slug>/ideer/<id:pk>/status/", views.idea_status, name="idea_status"),
    path("utfordringer/<slug:slug>/kommentar/", views.comment_new, name="comment"),
    path("utfordringer/<slug:slug>/folg/", views.follow_toggle, name="follow"),
    path("utfordringer/<slug:slug>/meld/<str:kind>/<id:pk>/", views.report, name="report"),
    path("moderering/", views.moderation, name="moderation"),
    path("moderering/<str:kind>/<id:pk>/", views.moderate, name="moderate"),
    path("moderering/<str:kind>/<id:pk>/sperr/", views.block, name="block"),
    path("moderering/sperring/<id:pk>/opphev/", views.unblock, name="unblock"),
]

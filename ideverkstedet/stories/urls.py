from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver, path

from ideverkstedet.core.permissions import authorize
from ideverkstedet.stories import views
from ideverkstedet.stories.feeds import PublicStoriesFeed

app_name = "stories"

urlpatterns: list[URLPattern | URLResolver] = [
    path("historier/", views.story_list, name="list"),
    path(
        "historier/feed.atom",
        login_not_required(authorize("stories.view_story", public=True)(PublicStoriesFeed())),
        name="feed",
    ),
    path("historier/ny/", views.story_new, name="new"),
    path(
        "historier/ny/fra/<slug:challenge_slug>/", views.story_new_from_challenge, name="new_from_challenge"
    ),
    path("historier/vedlegg/<int:pk>/fjern/", views.attachment_remove, name="attachment_remove"),
    path("historier/bilder/<int:pk>/fjern/", views.image_remove, name="image_remove"),
    path("historier/gjenbruk/<int:pk>/", views.reuse_update, name="reuse_update"),
    path("historier/<slug:slug>/", views.story_detail, name="detail"),
    path("historier/<slug:slug>/endre/", views.story_edit, name="edit"),
    path("historier/<slug:slug>/innovasjon/", views.story_innovation, name="innovation"),
    path("historier/<slug:slug>/publiser/", views.story_publish, name="publish"),
    path("historier/<slug:slug>/vedlegg/", views.attachment_add, name="attachment_add"),
    path("historier/<slug:slug>/bilder/", views.images_manage, name="images"),
    path("historier/<slug:slug>/prov-dette/", views.story_reuse, name="reuse"),
]

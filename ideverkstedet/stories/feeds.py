"""An Atom feed of public stories, newest first."""

from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from ideverkstedet.stories.models import Story

FEED_ITEMS = 30


class PublicStoriesFeed(Feed):
    feed_type = Atom1Feed
    title = _("Historier fra Ideverkstedet")
    subtitle = _("Hva team i kommunen prøvde og lærte, så andre kan bygge videre på det.")
    link = reverse_lazy("stories:list")

    def items(self) -> list[Story]:
        return list(Story.objects.public().order_by("-published_at", "-id")[:FEED_ITEMS])

    def item_title(self, item: Story) -> str:
        return item.title

    def item_description(self, item: Story) -> str:
        return item.summary

    def item_pubdate(self, item: Story) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Story) -> datetime:
        return item.updated_at

    def item_link(self, item: Any) -> str:
        return str(item.get_absolute_url())

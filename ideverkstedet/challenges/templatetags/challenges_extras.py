from django import template

from ideverkstedet.challenges.models import Comment, Idea
from ideverkstedet.challenges.selectors import author_label

register = template.Library()


@register.filter
def author(post: Idea | Comment) -> str:
    """The name others see: "Anonym" for an anonymous post, never the account behind it."""
    return author_label(post)

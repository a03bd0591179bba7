"""Stories made through the services, as a team would make them."""

from typing import Any

from ideverkstedet.accounts.models import Role, User
from ideverkstedet.accounts.tests.factories import user_with_role
from ideverkstedet.challenges.models import Challenge
from ideverkstedet.challenges.tests.factories import make_challenge
from ideverkstedet.stories import services
from ideverkstedet.stories.models import Story


def make_story(
    challenge: Challenge | None = None,
    *,
    author: User | None = None,
    title: str = "Barnehagesøknaden ble enklere",
    visibility: str = "public",
    publish: bool = True,
    innovation: dict[str, Any] | None = None,
    **extra: Any,
) -> Story:
    if challenge is None and author is None:
        challenge = make_challenge(visibility=visibility)
    author = author or (challenge.owner if challenge else user_with_role(Role.ADVISOR))
    story = services.story_create(
        actor=author,
        challenge=challenge,
        data=services.StoryData(
            title=title,
            summary=extra.pop("summary", "Foreldrene søker nå på ett skjema."),
            problem=extra.pop("problem", "Søknaden om barnehageplass var vanskelig å fylle ut."),
            tried=extra.pop("tried", "Vi intervjuet foreldre og testet en papirprototyp med barnehagene."),
            outcome=extra.pop("outcome", "Ett skjema for alle barnehager."),
            not_worked=extra.pop("not_worked", "Den første versjonen hadde for mange steg."),
            visibility=visibility,
            **extra,
        ),
    )
    if innovation is not None:
        services.innovation_record_save(actor=author, story=story, data=services.InnovationData(**innovation))
    if publish:
        services.story_publish(actor=author, story=story)
    story.refresh_from_db()
    return story

"""Joining two teams' challenges into one ("Vi har samme utfordring"), across service areas.

One team proposes, the other accepts or declines with a reason. On acceptance the kept challenge gains the other
team's members, service areas and tags; ideas (with their comments) and insight notes move with a note of where
they came from; followers of both are told and follow the kept one. The other challenge becomes a read-only page
that keeps its phase history and its own comments and links on.

Internal material never reaches people who could not see it: when one challenge is internal and the other public,
the joined challenge is internal (the stricter of the two), whichever is kept. Everything in it — the public one's
ideas and insight too — is then for the municipality's people only, its team loses members from outside the
municipality (as when a team makes its challenge internal), and those who could read the public one but not the
joined one are told. A public challenge that is the read-only page afterwards stays public with its own comments.
Both teams are shown this before they propose and answer. A kept public challenge that cannot become internal (it
belongs to an organisation outside the municipality, or it takes input from everyone now) cannot be joined with an
internal one. Locks: both challenges' rows, in id order, then the proposal's row.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ideverkstedet.accounts.models import MUNICIPAL_ROLES, User
from ideverkstedet.challenges import rules as challenge_rules
from ideverkstedet.challenges.models import (
    Audience,
    Challenge,
    Comment,
    Follow,
    Idea,
    IdeaMerge,
    Insight,
    JoinProposal,
    Membership,
    Visibility,
)
from ideverkstedet.challenges.services.base import (
    ChallengeError,
    NotAllowed,
    index_challenge,
    index_idea,
    reindex_challenge,
)
from ideverkstedet.challenges.services.merging import tell
from ideverkstedet.core.audit import audit_record

TEXT_LIMIT = 1000

NOTICES: dict[str, tuple[str, str]] = {
    "proposed": (
        gettext_noop("Forslag om å slå sammen: %(target)s"),
        gettext_noop(
            "Laget bak «%(source)s» mener dere har samme utfordring og foreslår å slå sammen. De skriver: "
            "%(message)s Svar på utfordringens side."
        ),
    ),
    "accepted": (
        gettext_noop("Utfordringene er slått sammen: %(kept)s"),
        gettext_noop(
            "«%(absorbed)s» og «%(kept)s» er nå én utfordring, «%(kept)s». Lagene, idéene og innsikten er samlet "
            "der, og du følger den. %(answer)s"
        ),
    ),
    "accepted_hidden": (
        gettext_noop("Utfordringen er slått sammen med en annen"),
        gettext_noop(
            "«%(title)s» er slått sammen med en intern utfordring i kommunen. Arbeidet fortsetter der, og det er "
            "bare for kommunens ansatte, så du kan ikke lese det lenger. Det du har skrevet, er tatt vare på."
        ),
    ),
    "declined": (
        gettext_noop("Forslaget om å slå sammen ble avslått: %(target)s"),
        gettext_noop("Laget bak «%(target)s» vil ikke slå sammen nå. Begrunnelse: %(answer)s"),
    ),
}


def _text(value: str, *, field: str, empty: str) -> str:
    value = (value or "").replace("\x00", "").strip()
    if not value:
        raise ChallengeError("empty", empty, field)
    if len(value) > TEXT_LIMIT:
        raise ChallengeError(
            "too_long", _("Teksten er for lang: høyst %(limit)s tegn.") % {"limit": TEXT_LIMIT}, field
        )
    return value


def joined_visibility(a: Challenge, b: Challenge) -> str:
    """The visibility of two challenges joined into one: internal if either is (internal stays internal)."""
    return Visibility.PUBLIC if a.is_public and b.is_public else Visibility.INTERNAL


def join_problem(source: Challenge, target: Challenge, keep: str = "") -> ChallengeError | None:
    """Why these two challenges cannot be joined (keeping `keep`, "source" or "target", if given), or None."""
    if source.pk == target.pk:
        return ChallengeError("same", _("Velg en annen utfordring enn deres egen."), "source")
    if challenge_rules.is_read_only(source) or challenge_rules.is_read_only(target):
        return ChallengeError("read_only", _("En av utfordringene er allerede slått sammen med en annen."))
    kept = {"source": source, "target": target}.get(keep)
    if kept is None or not kept.is_public or joined_visibility(source, target) == Visibility.PUBLIC:
        return None
    # A public challenge kept in a join with an internal one becomes internal.
    if kept.owner.role not in MUNICIPAL_ROLES:
        return ChallengeError(
            "visibility",
            _(
                "Den åpne utfordringen hører til en organisasjon og må være åpen, men den samlede utfordringen blir "
                "intern. Behold den interne utfordringen i stedet."
            ),
            "keep",
        )
    if kept.input_audience == Audience.EVERYONE and kept.input_state() in {"upcoming", "open"}:
        return ChallengeError(
            "visibility",
            _(
                "Den åpne utfordringen tar imot innspill fra innbyggere nå, men den samlede utfordringen blir intern. "
                "Behold den interne utfordringen, eller vent til innspillsperioden er over."
            ),
            "keep",
        )
    return None


def _lock_both(a: Challenge, b: Challenge) -> tuple[Challenge, Challenge]:
    rows = {c.pk: c for c in Challenge.objects.select_for_update().filter(pk__in=[a.pk, b.pk]).order_by("pk")}
    return rows[a.pk], rows[b.pk]


def _team(challenge: Challenge) -> list[User]:
    memberships = challenge.memberships.select_related("user").filter(status=Membership.Status.ACTIVE)
    return [m.user for m in memberships]


def join_propose(
    *, actor: User, source: Challenge, target: Challenge, keep: str, message: str
) -> JoinProposal:
    """The team of `source` proposes to join `target`. Holds both challenges' row locks."""
    if not challenge_rules.can_manage_challenge(actor, source):
        raise NotAllowed(_("Bare laget bak utfordringen kan foreslå å slå den sammen."))
    if not challenge_rules.can_propose_join(actor, target):
        raise NotAllowed(_("Du kan ikke foreslå å slå sammen med denne utfordringen."))
    if keep not in JoinProposal.Keep.values:
        raise ChallengeError("keep", _("Velg hvilken utfordring som skal beholdes."), "keep")
    message = _text(message, field="message", empty=_("Fortell kort hvorfor dere har samme utfordring."))
    with transaction.atomic():
        source, target = _lock_both(source, target)
        problem = join_problem(source, target, keep)
        if problem:
            raise problem
        pending = JoinProposal.objects.filter(status=JoinProposal.Status.PENDING).filter(
            Q(source=source, target=target) | Q(source=target, target=source)
        )
        if pending.exists():
            raise ChallengeError(
                "already_proposed", _("Det finnes allerede et forslag mellom disse to som venter på svar.")
            )
        try:
            with transaction.atomic():
                proposal = JoinProposal.objects.create(
                    source=source, target=target, keep=keep, message=message, proposed_by=actor
                )
        except IntegrityError:
            raise ChallengeError(
                "already_proposed", _("Det finnes allerede et forslag som venter på svar.")
            ) from None
        audit_record(
            actor=actor, action="challenges.join_proposed", target=target, data={"source": source.pk}
        )
        tell(
            _team(target),
            NOTICES,
            "proposed",
            url=target.get_absolute_url(),
            skip=actor,
            source=source.title,
            target=target.title,
            message=message,
        )
    return proposal


def join_withdraw(*, actor: User, proposal: JoinProposal) -> JoinProposal:
    """The proposing team takes its proposal back while it waits for an answer."""
    if not challenge_rules.can_manage_challenge(actor, proposal.source):
        raise NotAllowed(_("Bare laget som foreslo, kan trekke forslaget."))
    with transaction.atomic():
        _lock_both(proposal.source, proposal.target)
        proposal = JoinProposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != JoinProposal.Status.PENDING:
            raise ChallengeError("answered", _("Forslaget er allerede besvart."))
        proposal.status = JoinProposal.Status.WITHDRAWN
        proposal.answered_by, proposal.answered_at = actor, timezone.now()
        proposal.save(update_fields=["status", "answered_by", "answered_at"])
        audit_record(actor=actor, action="challenges.join_withdrawn", target=proposal.target)
    return proposal


def join_answer(*, actor: User, proposal: JoinProposal, accept: bool, answer: str = "") -> JoinProposal:
    """The asked team accepts (the challenges become one) or declines with a reason. Holds both row locks."""
    if not challenge_rules.can_answer_join(actor, proposal):
        raise NotAllowed(_("Bare laget som ble spurt, kan svare på forslaget."))
    answer = (answer or "").replace("\x00", "").strip()
    if not accept:
        answer = _text(
            answer, field="answer", empty=_("Skriv en kort begrunnelse. Den sendes til laget som spurte.")
        )
    elif len(answer) > TEXT_LIMIT:
        raise ChallengeError(
            "too_long", _("Teksten er for lang: høyst %(limit)s tegn.") % {"limit": TEXT_LIMIT}, "answer"
        )
    with transaction.atomic():
        source, target = _lock_both(proposal.source, proposal.target)
        proposal = JoinProposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != JoinProposal.Status.PENDING:
            raise ChallengeError("answered", _("Forslaget er allerede besvart."))
        proposal.answer, proposal.answered_by, proposal.answered_at = answer, actor, timezone.now()
        if not accept:
            proposal.status = JoinProposal.Status.DECLINED
            proposal.save(update_fields=["status", "answer", "answered_by", "answered_at"])
            audit_record(actor=actor, action="challenges.join_declined", target=target, reason=answer)
            tell(
                _team(source),
                NOTICES,
                "declined",
                url=source.get_absolute_url(),
                target=target.title,
                answer=answer,
            )
            return proposal
        problem = join_problem(source, target, proposal.keep)
        if problem:
            raise problem
        proposal.status = JoinProposal.Status.ACCEPTED
        proposal.save(update_fields=["status", "answer", "answered_by", "answered_at"])
        kept, absorbed = (target, source) if proposal.keep == JoinProposal.Keep.TARGET else (source, target)
        # The rest of the absorbed challenge's open proposals can no longer be answered.
        JoinProposal.objects.filter(status=JoinProposal.Status.PENDING).filter(
            Q(source=absorbed) | Q(target=absorbed)
        ).update(status=JoinProposal.Status.WITHDRAWN, answered_at=timezone.now())
        told = _followers_and_teams(kept, absorbed)
        could_see = {
            u.pk for u in told if challenge_rules.can_see(u, kept) or challenge_rules.can_see(u, absorbed)
        }
        visibility = joined_visibility(kept, absorbed)
        _join(kept, absorbed, visibility=visibility)
        audit_record(
            actor=actor,
            action="challenges.joined",
            target=kept,
            reason=answer,
            data={"absorbed": absorbed.pk, "visibility": visibility},
        )
        may_see = [u for u in told if challenge_rules.can_see(u, kept)]
        tell(
            may_see,
            NOTICES,
            "accepted",
            url=kept.get_absolute_url(),
            skip=actor,
            kept=kept.title,
            absorbed=absorbed.title,
            answer=answer,
        )
        # Those who could read one of them but cannot read the joined (internal) one are told where the page
        # they knew went: the read-only page if they can still read it, else only that it is now internal.
        for user in told:
            if user.pk not in could_see or challenge_rules.can_see(user, kept):
                continue
            readable = challenge_rules.can_see(user, absorbed)
            tell(
                [user],
                NOTICES,
                "accepted_hidden",
                url=absorbed.get_absolute_url() if readable else reverse("challenges:list"),
                title=absorbed.title if readable else kept.title,
            )
    return proposal


def _followers_and_teams(*challenges: Challenge) -> list[User]:
    """Everyone concerned by a join: followers, both teams, and the people whose ideas move."""
    follows = Follow.objects.select_related("user").filter(challenge__in=challenges, user__is_active=True)
    people = {f.user.pk: f.user for f in follows}
    for challenge in challenges:
        for user in _team(challenge):
            people.setdefault(user.pk, user)
    authors = User.objects.filter(
        is_active=True, pk__in=Idea.objects.filter(challenge__in=challenges).values("author")
    )
    for user in authors:
        people.setdefault(user.pk, user)
    return list(people.values())


def _join(kept: Challenge, absorbed: Challenge, *, visibility: str) -> None:
    """Move everything that belongs to the work from `absorbed` to `kept`, which gets `visibility`. Called under
    both row locks."""
    now = timezone.now()
    internal = visibility == Visibility.INTERNAL
    # The team: every active member of the absorbed challenge is on the kept one's team (on an internal challenge
    # only the municipality's people: as when a team makes its challenge internal).
    existing = dict(Membership.objects.filter(challenge=kept).values_list("user_id", "status"))
    joining = Membership.objects.filter(challenge=absorbed, status=Membership.Status.ACTIVE)
    if internal:
        joining = joining.filter(user__role__in=MUNICIPAL_ROLES)
        outside = Membership.objects.filter(challenge=kept).exclude(user__role__in=MUNICIPAL_ROLES)
        outside.exclude(user_id=kept.owner_id).delete()
    new_members: list[Membership] = []
    for user_id in joining.values_list("user_id", flat=True):
        if user_id not in existing:
            new_members.append(Membership(challenge=kept, user_id=user_id, status=Membership.Status.ACTIVE))
        elif existing[user_id] != Membership.Status.ACTIVE:
            Membership.objects.filter(challenge=kept, user_id=user_id).update(status=Membership.Status.ACTIVE)
    Membership.objects.bulk_create(new_members, ignore_conflicts=True)
    kept.service_areas.add(*absorbed.service_areas.all())
    kept.tags.add(*absorbed.tags.all())
    # Ideas move with their comments; comments on the absorbed challenge itself stay on its page.
    moved_comments = Comment.objects.filter(challenge=absorbed, idea__isnull=False)
    visible_comments = moved_comments.filter(hidden_at__isnull=True).count()
    moved_comments.update(challenge=kept)
    moved_ideas = list(Idea.objects.filter(challenge=absorbed).values_list("pk", flat=True))
    Idea.objects.filter(pk__in=moved_ideas).update(challenge=kept, moved_from=absorbed)
    IdeaMerge.objects.filter(challenge=absorbed).update(challenge=kept)
    Insight.objects.filter(challenge=absorbed).update(challenge=kept, moved_from=absorbed)
    became_internal = internal and kept.is_public
    Challenge.objects.filter(pk=kept.pk).update(
        idea_count=F("idea_count") + absorbed.idea_count,
        comment_count=F("comment_count") + visible_comments,
        visibility=visibility,
        updated_at=now,
    )
    Challenge.objects.filter(pk=absorbed.pk).update(
        idea_count=0,
        comment_count=F("comment_count") - visible_comments,
        merged_into=kept,
        merged_at=now,
        updated_at=now,
    )
    # Followers of the absorbed challenge follow the kept one.
    follower_ids = Follow.objects.filter(challenge=absorbed).values_list("user_id", flat=True)
    Follow.objects.bulk_create(
        [Follow(user_id=user_id, challenge=kept) for user_id in follower_ids], ignore_conflicts=True
    )
    # The search finds the kept challenge and the ideas at their new address, not the read-only page.
    from ideverkstedet.search.services import search_remove

    search_remove(kind="challenge", object_id=absorbed.pk)
    kept.refresh_from_db()
    if hasattr(kept, "_team_ids"):
        del kept._team_ids  # the team changed (challenges.rules caches it on the object)
    if became_internal:
        reindex_challenge(kept)  # its own ideas are internal now too
        return
    index_challenge(kept)
    for idea in Idea.objects.select_related("challenge").filter(pk__in=moved_ideas, merged_into__isnull=True):
        index_idea(idea)


def proposals_for(user: User, challenge: Challenge) -> list[JoinProposal]:
    """The open proposals to and from this challenge that the person may answer or withdraw, showing only
    challenges they may see (two queries)."""
    if not challenge_rules.can_manage_challenge(user, challenge):
        return []
    qs = (
        JoinProposal.objects.filter(status=JoinProposal.Status.PENDING)
        .filter(Q(source=challenge) | Q(target=challenge))
        .select_related("source", "target")
    )
    return [
        p for p in qs if challenge_rules.can_see(user, p.source) and challenge_rules.can_see(user, p.target)
    ]

"""Builds the demo's challenges in Python (team, history, insight, ideas, cheers, comments) and writes them in bulk."""

from __future__ import annotations

from datetime import datetime, timedelta
from random import Random

from django.utils import timezone

from ideverkstedet.accounts.models import ORGANISATION_ROLES, Role, Unit, User
from ideverkstedet.challenges.demo.common import BATCH, People, Plan, between
from ideverkstedet.challenges.demo.content import (
    CHALLENGE_COMMENTS,
    GENERIC_IDEAS,
    IDEA_COMMENTS,
    INSIGHTS,
    NUMBERS,
    OUTCOMES,
    PHASE_NOTES,
    REPLIES,
    STATUS_NOTES,
    TEMPLATES,
    Template,
)
from ideverkstedet.challenges.demo.search import index_plans
from ideverkstedet.challenges.models import (
    Audience,
    Challenge,
    Cheer,
    Comment,
    Follow,
    Idea,
    IdeaStatus,
    Insight,
    Membership,
    Phase,
    PhaseChange,
    PostingBlock,
    Report,
    TeamInvitation,
    Visibility,
)
from ideverkstedet.challenges.models_invitations import INVITATION_LIFETIME

CHALLENGES = {"small": len(TEMPLATES), "large": 5000}
# Ideas on a challenge that was (or is) open for input, and the chance of a comment on each idea.
IDEAS_WHEN_OPEN = {"small": (2, 7), "large": (4, 14)}
BIG_SLUG = "demo-100-ideer"

STATUS_WEIGHTS = {  # by phase order: new, considering, testing, implemented, set aside
    0: (9, 1, 0, 0, 0),
    1: (7, 3, 0, 0, 1),
    2: (4, 3, 3, 0, 1),
    3: (2, 1, 2, 4, 2),
}
STATUSES = [s.value for s in IdeaStatus]


class _Builder:
    def __init__(
        self, *, rng: Random, size: str, now: datetime, people: People, phases: list[Phase], advisor: int
    ) -> None:
        self.rng = rng
        self.size = size
        self.now = now
        self.people = people
        self.phases = phases
        self.advisor = advisor
        self.memberships: list[Membership] = []
        self.invitations: list[tuple[Challenge, int, int, datetime]] = []
        self.phase_changes: list[PhaseChange] = []
        self.insights: list[Insight] = []
        self.follows: list[Follow] = []
        self.followed: set[tuple[int, int]] = set()  # (user, challenge number)
        self.cheers: list[Cheer] = []
        self.idea_total = self.comment_total = self.cheer_total = self.report_total = 0

    # ------------------------------------------------------------ one challenge

    def challenge(
        self,
        *,
        template: Template,
        title: str,
        slug: str,
        place: str,
        owner: int,
        unit: Unit | None,
        area_ids: list[int],
        tag_ids: list[int],
    ) -> Plan:
        rng, now, people = self.rng, self.now, self.people
        from_organisation = people.role[owner] in ORGANISATION_ROLES
        public = from_organisation or rng.random() < 0.55
        phase_index = rng.choices(range(4), weights=(2, 3, 3, 2))[0]
        state = self._input_state(phase_index)
        created = now - timedelta(
            days=rng.randint(45 if state == "closed" else 10, 720), hours=rng.randint(0, 23)
        )
        opens = closes = None
        if state == "open":
            opens = now - timedelta(days=rng.randint(1, 20), hours=rng.randint(0, 10))
            created = min(created, opens - timedelta(days=7))
            closes = now + timedelta(days=rng.randint(3, 30))
        elif state == "upcoming":
            opens = now + timedelta(days=rng.randint(2, 30))
            closes = opens + timedelta(days=rng.randint(14, 30))
        elif state == "closed":
            opens = created + timedelta(days=rng.randint(3, 20))
            closes = min(opens + timedelta(days=rng.randint(14, 28)), now - timedelta(days=1))
        audience = Audience.EVERYONE if public and rng.random() < 0.7 else Audience.EMPLOYEES
        description = template.description
        if place:
            description += f"\n\nGjelder tjenestene {'på' if place != 'Sandvika' else 'i'} {place}."
        challenge = Challenge(
            title=title,
            slug=slug,
            summary=template.summary,
            description=description,
            owner_id=owner,
            unit=unit,
            organisation_id=people.org_of[owner] if from_organisation else None,
            visibility=Visibility.PUBLIC if public else Visibility.INTERNAL,
            phase=self.phases[phase_index],
            input_opens_at=opens,
            input_closes_at=closes,
            input_question=template.question if state != "none" else "",
            input_audience=audience if state != "none" else Audience.EMPLOYEES,
            created_at=created,
        )
        plan = Plan(challenge=challenge, area_ids=area_ids, tag_ids=tag_ids, updated_at=created)
        team = self._team(challenge, owner, public, created)
        self._history(challenge, owner, phase_index, created)
        if phase_index >= 1:
            self._insights(challenge, template, team, created, unit)
        if state in {"open", "closed"}:
            low, high = IDEAS_WHEN_OPEN[self.size]
            idea_count = rng.randint(low, high)
            authors = self._input_pool(challenge, team)
        else:
            idea_count = rng.randint(0, 2) if phase_index >= 1 else rng.randint(0, 1)
            authors = team
        start = opens if opens and state in {"open", "closed"} else created
        end = min(closes or now, now)
        texts = list(template.ideas) + rng.sample(
            GENERIC_IDEAS, min(len(GENERIC_IDEAS), max(idea_count - 2, 0))
        )
        for index in range(idea_count):
            idea_title, idea_text = texts[index]
            self._idea(plan, team, authors, idea_title, idea_text, between(rng, start, end), phase_index)
        # Comments on the challenge itself, with a reply or two from the team.
        talk = rng.randint(0, 3) if state in {"open", "closed"} else rng.randint(0, 1)
        for _ in range(talk):
            self._comment(plan, authors, team, None, between(rng, start, end), CHALLENGE_COMMENTS)
        if state == "closed" and (phase_index >= 2 or rng.random() < 0.6):
            challenge.outcome = rng.choice(OUTCOMES).format(ideas=len(plan.ideas))
        if public:
            for _ in range(rng.randint(0, 3)):
                self._follow(rng.choice(people.everyone), challenge=challenge)
        else:
            for _ in range(rng.randint(0, 2)):
                self._follow(rng.choice(people.municipal), challenge=challenge)
        return plan

    def _input_state(self, phase_index: int) -> str:
        weights = {
            0: (0, 1, 0, 9),  # open, upcoming, closed, none
            1: (35, 15, 20, 30),
            2: (30, 10, 45, 15),
            3: (0, 0, 80, 20),
        }[phase_index]
        return self.rng.choices(["open", "upcoming", "closed", "none"], weights=weights)[0]

    def _team(self, challenge: Challenge, owner: int, public: bool, created: datetime) -> list[int]:
        rng, people = self.rng, self.people
        team = [owner]
        self.memberships.append(
            Membership(
                challenge=challenge, user_id=owner, status=Membership.Status.ACTIVE, created_at=created
            )
        )
        self._follow(owner, challenge=challenge)
        pool = people.municipal + (people.organisations if public else [])
        wanted = rng.randint(1, 4)
        extra = [self.advisor] if rng.random() < 0.2 else []
        employee = people.demo.get("ansatt@demo.kommune.no")
        if employee and rng.random() < 0.1:
            extra.append(employee)
        outsider = people.demo.get("ekstern@demo.no")
        if public and outsider and rng.random() < 0.1:
            extra.append(outsider)
        for person in extra + rng.sample(pool, min(wanted, len(pool))):
            if person in team:
                continue
            status = rng.choices(["active", "invited", "requested"], weights=(8, 1, 1))[0]
            joined = created + timedelta(days=rng.randint(0, 5))
            if status == "invited":
                # An invitation is to an address; the address is looked up when written (write()).
                self.invitations.append((challenge, person, owner, joined))
                continue
            self.memberships.append(
                Membership(
                    challenge=challenge,
                    user_id=person,
                    status=status,
                    invited_by_id=owner if status == Membership.Status.ACTIVE else None,
                    message="Jeg vil gjerne bidra med erfaring fra min enhet."
                    if status == Membership.Status.REQUESTED
                    else "",
                    created_at=joined,
                )
            )
            if status == Membership.Status.ACTIVE:
                team.append(person)
                self._follow(person, challenge=challenge)
        return team

    def _history(self, challenge: Challenge, owner: int, phase_index: int, created: datetime) -> None:
        step = (self.now - created) / (phase_index + 2)
        for index in range(phase_index + 1):
            phase = self.phases[index]
            self.phase_changes.append(
                PhaseChange(
                    challenge=challenge,
                    from_phase=self.phases[index - 1] if index else None,
                    to_phase=phase,
                    note=PHASE_NOTES.get(phase.slug, ""),
                    changed_by_id=owner,
                    changed_at=created + step * index,
                )
            )

    def _insights(
        self, challenge: Challenge, template: Template, team: list[int], created: datetime, unit: Unit | None
    ) -> None:
        rng = self.rng
        who = template.asked
        for kind, title, body, source, method in rng.sample(INSIGHTS, rng.randint(1, 3)):
            values = {"who": who, "n": rng.choice(NUMBERS), "unit": unit.name if unit else "tjenesten"}
            self.insights.append(
                Insight(
                    challenge=challenge,
                    kind=kind,
                    title=title.format(**values),
                    body=body,
                    source=source.format(**values)[:200],
                    observed_on=timezone.localtime(between(rng, created, self.now)).date(),
                    method=method,
                    is_shareable=rng.random() < 0.5,
                    author_id=rng.choice(team),
                    created_at=created,
                )
            )

    def _input_pool(self, challenge: Challenge, team: list[int]) -> list[int]:
        people = self.people
        if challenge.visibility == Visibility.PUBLIC and challenge.input_audience == Audience.EVERYONE:
            # About half the input from citizens, the rest from employees and organisations.
            return people.citizens * 2 + people.municipal + people.organisations + team
        return people.municipal + team

    # ------------------------------------------------------------ posts

    def _author(self, authors: list[int]) -> tuple[int, bool]:
        person = self.rng.choice(authors)
        citizen = self.people.role[person] == Role.CITIZEN
        return person, self.rng.random() < (0.35 if citizen else 0.03)

    def _idea(
        self,
        plan: Plan,
        team: list[int],
        authors: list[int],
        title: str,
        text: str,
        created: datetime,
        phase_index: int,
    ) -> None:
        rng, challenge = self.rng, plan.challenge
        author, anonymous = self._author(authors)
        citizen = self.people.demo.get("innbygger@demo.no")
        if citizen and citizen in authors and rng.random() < 0.08:
            author, anonymous = citizen, rng.random() < 0.5
        status = rng.choices(STATUSES, weights=STATUS_WEIGHTS[phase_index])[0]
        idea = Idea(
            challenge=challenge,
            author_id=author,
            is_anonymous=anonymous,
            title=title,
            description=text,
            status=status,
            status_note=rng.choice(STATUS_NOTES[status]) if status in STATUS_NOTES else "",
            status_changed_at=between(rng, created, self.now) if status != IdeaStatus.NEW else None,
            created_at=created,
        )
        plan.ideas.append(idea)
        self._follow(author, idea=idea)
        self._touch(plan, created)
        # Cheers: most ideas get a few, some many, and the implemented ones more.
        pool = self.people.everyone if challenge.visibility == Visibility.PUBLIC else self.people.municipal
        wanted = int(rng.expovariate(1 / (6 if status == IdeaStatus.IMPLEMENTED else 3)))
        cheerers = rng.sample(pool, min(wanted, len(pool), 60))
        if (
            citizen
            and challenge.visibility == Visibility.PUBLIC
            and citizen not in cheerers
            and rng.random() < 0.1
        ):
            cheerers.append(citizen)
        for person in cheerers:
            self._cheer(idea, person, between(rng, created, self.now))
        # Comments on the idea.
        while rng.random() < 0.45:
            self._comment(plan, authors, team, idea, between(rng, created, self.now), IDEA_COMMENTS)

    def _cheer(self, idea: Idea, person: int, when: datetime) -> None:
        self.cheers.append(Cheer(idea=idea, user_id=person, created_at=when))
        idea.cheer_count += 1

    def _comment(
        self,
        plan: Plan,
        authors: list[int],
        team: list[int],
        idea: Idea | None,
        created: datetime,
        texts: list[str],
    ) -> Comment:
        rng = self.rng
        author, anonymous = self._author(authors)
        comment = Comment(
            challenge=plan.challenge,
            idea=idea,
            author_id=author,
            is_anonymous=anonymous,
            body=rng.choice(texts),
            created_at=created,
        )
        plan.comments.append(comment)
        self._count_comment(plan, idea)
        self._touch(plan, created)
        if rng.random() < 0.3:
            when = between(rng, created, self.now)
            reply = Comment(
                challenge=plan.challenge,
                idea=idea,
                parent=comment,
                author_id=rng.choice(team),
                body=rng.choice(REPLIES),
                created_at=when,
            )
            plan.replies.append(reply)
            self._count_comment(plan, idea)
        return comment

    def _count_comment(self, plan: Plan, idea: Idea | None) -> None:
        plan.challenge.comment_count += 1
        if idea is not None:
            idea.comment_count += 1

    def _touch(self, plan: Plan, when: datetime) -> None:
        plan.updated_at = max(plan.updated_at or when, when)

    def _follow(self, person: int, *, challenge: Challenge | None = None, idea: Idea | None = None) -> None:
        key = (person, id(challenge if challenge is not None else idea))
        if key in self.followed:
            return
        self.followed.add(key)
        self.follows.append(Follow(user_id=person, challenge=challenge, idea=idea, created_at=self.now))

    # ------------------------------------------------------------ the benchmark's big challenge

    def big(self, *, areas: list[int], tag_ids: list[int]) -> Plan:
        """`demo-100-ideer`: public, in Skape, open for everyone, exactly 100 ideas and 100 comments."""
        rng, now, people = self.rng, self.now, self.people
        created = now - timedelta(days=60)
        challenge = Challenge(
            title="Idédugnad: Hvordan kan kommunegården i Sandvika bli et sted for alle?",
            slug=BIG_SLUG,
            summary="Den nyrestaurerte kommunegården åpner snart. Vi vil høre fra alle hva første etasje skal by på.",
            description=(
                "Første etasje i kommunegården er til for innbyggerne, og her ligger blant annet Ideverkstedet. "
                "Vi vil at stedet skal brukes av innbyggere, lag og foreninger og kommunens ansatte.\n\n"
                "Hva skal til for at du stikker innom? Hvilke tilbud, åpningstider og aktiviteter ønsker du? "
                "Alle ideer er velkomne, store og små."
            ),
            owner_id=self.advisor,
            unit=Unit.objects.filter(name="Innovasjonsenheten").first(),
            visibility=Visibility.PUBLIC,
            phase=self.phases[2],
            input_opens_at=now - timedelta(days=20),
            input_closes_at=now + timedelta(days=40),
            input_question="Hva vil du gjøre i kommunegården?",
            input_audience=Audience.EVERYONE,
            created_at=created,
        )
        plan = Plan(challenge=challenge, area_ids=areas[:3], tag_ids=tag_ids, updated_at=created)
        team = self._team(challenge, self.advisor, True, created)
        self._history(challenge, self.advisor, 2, created)
        authors = self._input_pool(challenge, team)
        texts = [idea for t in TEMPLATES for idea in t.ideas] + GENERIC_IDEAS
        start = now - timedelta(days=20)
        for title, text in rng.sample(texts, 100):
            author, anonymous = self._author(authors)
            when = between(rng, start, now - timedelta(hours=1))
            idea = Idea(
                challenge=challenge,
                author_id=author,
                is_anonymous=anonymous,
                title=title,
                description=text,
                created_at=when,
            )
            plan.ideas.append(idea)
            self._follow(author, idea=idea)
            for person in rng.sample(people.everyone, min(rng.randint(0, 12), len(people.everyone))):
                self._cheer(idea, person, between(rng, when, now))
        for index in range(70):
            author, anonymous = self._author(authors)
            comment = Comment(
                challenge=challenge,
                author_id=author,
                is_anonymous=anonymous,
                body=rng.choice(CHALLENGE_COMMENTS),
                created_at=between(rng, start, now - timedelta(hours=2)),
            )
            plan.comments.append(comment)
            if index < 30:
                plan.replies.append(
                    Comment(
                        challenge=challenge,
                        parent=comment,
                        author_id=rng.choice(team),
                        body=rng.choice(REPLIES),
                        created_at=comment.created_at + timedelta(hours=1),
                    )
                )
        challenge.comment_count = len(plan.comments) + len(plan.replies)
        plan.updated_at = now - timedelta(hours=1)
        return plan

    # ------------------------------------------------------------ moderation, in Python before writing

    def _moderation(self, plans: list[Plan]) -> tuple[list[Report], list[PostingBlock]]:
        rng, people = self.rng, self.people
        public = [
            p for p in plans if p.challenge.visibility == Visibility.PUBLIC and p.challenge.slug != BIG_SLUG
        ]
        comments = [(p, c) for p in public for c in p.comments]
        ideas = [(p, i) for p in public for i in p.ideas]
        scale = 1 if self.size == "small" else 5
        reporters = [*people.citizens, people.demo.get("innbygger@demo.no", people.everyone[0])]
        reports: list[Report] = []
        picked = rng.sample(comments, min(len(comments), 8 * scale))
        reasons = [r.value for r in Report.Reason]
        for index, (plan, comment) in enumerate(picked):
            reporter = rng.choice(reporters)
            report = Report(
                comment=comment,
                reporter_id=reporter,
                reason=rng.choice(reasons),
                details=rng.choice(["", "Dette er ikke greit å skrive om andre.", "Ser ut som reklame."]),
                created_at=between(rng, comment.created_at, self.now),
            )
            kind = index % 4  # pending, pending, hidden, kept
            if kind == 2:
                comment.hidden_at = report.created_at + timedelta(hours=3)
                comment.hidden_reason = (
                    "Kommentaren omtalte en navngitt person. Skriv gjerne innspillet ditt på nytt uten navn."
                )
                plan.challenge.comment_count -= 1
                if comment.idea is not None:
                    comment.idea.comment_count -= 1
            if kind in {2, 3}:
                report.decision = Report.Decision.HIDDEN if kind == 2 else Report.Decision.KEPT
                report.decided_by_id = self.advisor
                report.decided_at = report.created_at + timedelta(hours=3)
            reports.append(report)
        for _plan, idea in rng.sample(ideas, min(len(ideas), 2 * scale)):
            reports.append(
                Report(
                    idea=idea,
                    reporter_id=rng.choice(reporters),
                    reason=Report.Reason.OFF_TOPIC,
                    details="Hører dette hjemme her?",
                    created_at=between(rng, idea.created_at, self.now),
                )
            )
        blocks = []
        if people.citizens:
            blocks.append(
                PostingBlock(
                    user_id=people.citizens[-1],
                    reason="Gjentatte krenkende kommentarer etter to advarsler.",
                    blocked_by_id=self.advisor,
                    blocked_at=self.now - timedelta(days=12),
                )
            )
        return reports, blocks

    # ------------------------------------------------------------ writing

    def write(self, plans: list[Plan]) -> None:
        reports, blocks = self._moderation(plans)
        challenges = [p.challenge for p in plans]
        Challenge.objects.bulk_create(challenges, batch_size=BATCH)
        # updated_at is auto_now: put the last activity back, which bulk_update leaves alone.
        for plan in plans:
            plan.challenge.updated_at = plan.updated_at or plan.challenge.created_at
        Challenge.objects.bulk_update(challenges, ["updated_at"], batch_size=500)
        areas_through = Challenge.service_areas.through
        tags_through = Challenge.tags.through
        areas_through.objects.bulk_create(
            [areas_through(challenge_id=p.challenge.pk, servicearea_id=a) for p in plans for a in p.area_ids],
            batch_size=BATCH,
        )
        tags_through.objects.bulk_create(
            [tags_through(challenge_id=p.challenge.pk, tag_id=t) for p in plans for t in p.tag_ids],
            batch_size=BATCH,
        )
        Membership.objects.bulk_create(self.memberships, batch_size=BATCH)
        addresses = dict(
            User.objects.filter(pk__in={person for _, person, _, _ in self.invitations}).values_list(
                "pk", "email"
            )
        )
        TeamInvitation.objects.bulk_create(
            [
                TeamInvitation(
                    challenge=challenge,
                    email=addresses[person].lower(),
                    invited_by_id=owner,
                    created_at=when,
                    expires_at=max(when, timezone.now()) + INVITATION_LIFETIME,
                )
                for challenge, person, owner, when in self.invitations
            ],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        PhaseChange.objects.bulk_create(self.phase_changes, batch_size=BATCH)
        Insight.objects.bulk_create(self.insights, batch_size=BATCH)
        for plan in plans:
            plan.challenge.idea_count = sum(1 for idea in plan.ideas if idea.hidden_at is None)
        ideas = [idea for p in plans for idea in p.ideas]
        Idea.objects.bulk_create(ideas, batch_size=BATCH)
        Challenge.objects.bulk_update(challenges, ["idea_count", "comment_count"], batch_size=500)
        comments = [c for p in plans for c in p.comments]
        replies = [c for p in plans for c in p.replies]
        Comment.objects.bulk_create(comments, batch_size=BATCH)
        Comment.objects.bulk_create(replies, batch_size=BATCH)
        Cheer.objects.bulk_create(self.cheers, batch_size=BATCH)
        Follow.objects.bulk_create(self.follows, batch_size=BATCH)
        Report.objects.bulk_create(reports, batch_size=BATCH)
        PostingBlock.objects.bulk_create(blocks)
        self.idea_total, self.comment_total = len(ideas), len(comments) + len(replies)
        self.cheer_total, self.report_total = len(self.cheers), len(reports)
        index_plans(plans)

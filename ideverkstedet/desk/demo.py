"""Demo requests at the desk: small (a couple of dozen) or large (2,400 over two years, some overdue)."""

from collections.abc import Callable
from datetime import datetime, timedelta
from random import Random

from django.db.models import Max
from django.utils import timezone

from ideverkstedet.accounts.models import Role, User
from ideverkstedet.desk.models import Kind, Message, ReferenceCounter, Request, Status
from ideverkstedet.desk.services import answer_due_for, format_reference
from ideverkstedet.desk.workdays import add_working_days

NEEDS = {
    "metodestotte": [
        "Vi skal ha en workshop med {group} om {topic}, og ønsker tips til metoder for å få fram innsikt fra alle.",
        "Vi har booket rommet til en halv dag om {topic}. Kan dere hjelpe oss å velge metoder og sette opp et "
        "opplegg?",
        "Vi vil prøve brukerreise på {topic}, men har aldri gjort det før. Hvordan kommer vi i gang?",
    ],
    "fasilitering": [
        "Vi trenger en nøytral fasilitator til en samling med {group} om {topic}. Det er mange meninger i rommet.",
        "Kan noen fra Innovasjonsenheten lede en idémyldring for oss om {topic}? Vi blir rundt {size} personer.",
    ],
    "skreddersydd": [
        "{group} sliter med {topic}. Vi ønsker et forløp over noen samlinger der vi går fra innsikt til å teste "
        "noe i praksis.",
        "Vi har en konkret utfordring med {topic} og vil gjerne ha et skreddersydd opplegg for teamet vårt.",
    ],
    "kurs": [
        "Vi ønsker et kurs i tjenestedesign for {group}, gjerne med eksempler fra {topic}.",
        "Kan dere holde en innføring i innovasjonsarbeid for nye ledere? Rundt {size} deltakere.",
    ],
    "sparring": [
        "Vi står litt fast i arbeidet med {topic} og trenger noen å sparre med om veien videre.",
        "Vi har samlet mye innsikt om {topic}. Hvordan går vi fra innsikt til ideer?",
    ],
    "rommet": [
        "Vi trenger skjerm, teleslynge og flyttbare bord til samlingen vår om {topic}. Hvordan ordner vi det?",
        "Kan rommet settes opp i kafébord til verkstedet vårt? Vi blir {size} personer.",
    ],
    "annet": [
        "Vi lurer på om dere kan tilby noe for frivillige som vil engasjere seg i {topic}.",
        "Har dere eksempler fra andre kommuner på {topic}? Vi vil gjerne lære av andre.",
    ],
}
TOPICS = [
    "overgangen fra barnehage til skole",
    "ensomhet blant eldre",
    "digitale søknader om startlån",
    "ventetid på byggesaker",
    "frivillighet i nærmiljøet",
    "mottak av nye innbyggere",
    "vikarbruk i hjemmetjenesten",
    "foreldremøter som folk faktisk kommer på",
    "turnover blant nyutdannede sykepleiere",
    "bedre informasjon om renovasjon",
    "ungdom som faller ut av videregående",
    "samarbeid mellom NAV og kommunen",
    "tilgjengelighet på kommunens nettsider",
    "mat og måltider på sykehjem",
]
GROUPS = ["teamet vårt", "enheten", "ledergruppa", "styret i laget", "prosjektgruppa", "skolens ledelse"]
ANSWERS = [
    "Takk for henvendelsen! Vi tar gjerne en prat. Passer det med et kort møte neste uke?",
    "Hei! Dette kan vi hjelpe med. Vi foreslår en halv dag i Ideverkstedet med innsiktsarbeid først.",
    "Takk! Vi har sett på saken og setter av en rådgiver til dere. Hun tar kontakt i løpet av uka.",
    "Spennende tema. Vi sender et forslag til opplegg og noen metodekort dere kan se på i forkant.",
]
REPLIES = [
    "Tusen takk, det passer fint. Vi gleder oss!",
    "Flott, vi sender over litt mer bakgrunn før møtet.",
    "Takk for raskt svar. Kan vi flytte det én uke?",
]
NOTES = [
    "Har snakket med enhetsleder på telefon; de har satt av budsjett til dette.",
    "Ligner på saken fra helse i fjor; gjenbruk opplegget derfra.",
    "Usikkert om dette er vårt felt. Sjekker med HR før vi svarer.",
]
AGREED = [
    "Halvdagsverksted i Ideverkstedet med brukerreise og idémyldring. Rådgiveren fasiliterer, teamet inviterer.",
    "Tre samlinger over seks uker: innsikt, ideer og testing. Oppsummering til ledergruppa etterpå.",
    "Kurs i tjenestedesign (to timer) på personalmøtet. Vi tar med metodekort.",
]
COMMENTS = [
    "Veldig nyttig, og vi har allerede testet én av ideene.",
    "God hjelp og raskt svar.",
    "Fint opplegg, men vi skulle hatt mer tid.",
    "Rådgiveren fikk alle til å bidra. Anbefales!",
    "",
]


def _status_for(age_days: int, rng: Random) -> str:
    if age_days < 4:
        return rng.choice([Status.NEW, Status.NEW, Status.REVIEWING])
    if age_days < 30:
        return rng.choice(
            [Status.NEW, Status.REVIEWING, Status.AGREED, Status.IN_PROGRESS, Status.IN_PROGRESS]
        )
    if age_days < 90:
        return rng.choice([Status.AGREED, Status.IN_PROGRESS, Status.CLOSED, Status.CLOSED, Status.DECLINED])
    return rng.choice([Status.CLOSED] * 8 + [Status.DECLINED, Status.REFERRED])


def populate(*, size: str, rng: Random, log: Callable[[str], None]) -> None:
    if Request.objects.exists():
        return
    kinds = list(Kind.objects.filter(is_active=True))
    advisers = list(User.objects.filter(role__in=[Role.ADVISOR, Role.ADMINISTRATOR], is_active=True)[:20])
    people = list(
        User.objects.exclude(role__in=[Role.ADVISOR, Role.ADMINISTRATOR])
        .filter(is_active=True)
        .select_related("unit", "organisation")
        .order_by("pk")[:800]
    )
    if not kinds or not advisers or not people:
        return
    demo_people = [p for p in people if p.email.endswith(("@demo.no", "@demo.kommune.no"))]
    count = 2400 if size == "large" else 24
    days = 730 if size == "large" else 60
    now = timezone.now()
    stamps = sorted(now - timedelta(days=rng.uniform(0, days), hours=rng.uniform(0, 8)) for _ in range(count))
    numbers: dict[int, int] = {}
    requests: list[Request] = []
    plans: list[tuple[Request, str, bool]] = []
    for index, created in enumerate(stamps):
        requester = (
            demo_people[index % len(demo_people)] if index >= count - len(demo_people) else rng.choice(people)
        )
        kind = rng.choice(kinds)
        year = timezone.localtime(created).year
        numbers[year] = numbers.get(year, 0) + 1
        size_ = rng.choice([4, 6, 8, 12, 15, 20, 25])
        text = rng.choice(NEEDS.get(kind.slug, NEEDS["annet"])).format(
            group=rng.choice(GROUPS), topic=rng.choice(TOPICS), size=size_
        )
        age = (now - created).days
        status = _status_for(age, rng)
        due = answer_due_for(created)
        # Some recent requests wait for their first answer past the promise: they show as overdue.
        answered = status != Status.NEW or rng.random() < 0.2
        first_answer = None
        if answered:
            lag = rng.choice([0, 1, 1, 2, 2, 3, 4, 6])
            first_answer = min(
                timezone.make_aware(
                    datetime.combine(add_working_days(timezone.localdate(created), lag), created.time())
                )
                if lag
                else created + timedelta(hours=rng.uniform(1, 6)),
                now,
            )
        closed_at = None
        if status in {Status.CLOSED, Status.DECLINED, Status.REFERRED}:
            closed_at = min(created + timedelta(days=rng.uniform(3, 60)), now)
        rated = status == Status.CLOSED and rng.random() < 0.6
        item = Request(
            year=year,
            number=numbers[year],
            reference=format_reference(year, numbers[year]),
            kind=kind,
            requester=requester,
            need=text,
            unit=requester.unit,
            organisation=requester.organisation,
            group_name=str(requester.unit or requester.organisation or ""),
            group_size=size_,
            no_hurry=rng.random() < 0.3,
            status=status,
            status_reason=(
                "Dette passer bedre for kompetansesenteret i HR."
                if status == Status.REFERRED
                else "Vi har dessverre ikke kapasitet før over sommeren."
                if status == Status.DECLINED
                else ""
            ),
            agreed=rng.choice(AGREED) if status in {Status.AGREED, Status.IN_PROGRESS, Status.CLOSED} else "",
            priority=rng.choice([1, 2, 2, 2, 3]),
            created_at=created,
            updated_at=closed_at or first_answer or created,
            answer_due=due,
            first_answer_at=first_answer,
            closed_at=closed_at,
            rating=rng.choice([3, 4, 4, 5, 5]) if rated else None,
            rating_comment=rng.choice(COMMENTS) if rated else "",
            rated_at=closed_at if rated else None,
        )
        requests.append(item)
        plans.append((item, status, answered))
    Request.objects.bulk_create(requests, batch_size=500)
    for year, last in numbers.items():
        ReferenceCounter.objects.update_or_create(year=year, defaults={"last": last})
    saved = {r.reference: r for r in Request.objects.all()}
    links = []
    messages: list[Message] = []
    Through = Request.assignees.through
    for item, status, got_answer in plans:
        request = saved[item.reference]
        if status != Status.NEW or rng.random() < 0.3:
            adviser = rng.choice(advisers)
            links.append(Through(request_id=request.pk, user_id=adviser.pk))
        else:
            adviser = rng.choice(advisers)
        if rng.random() < 0.35:
            messages.append(
                Message(
                    request=request,
                    author=adviser,
                    body=rng.choice(NOTES),
                    is_internal=True,
                    created_at=request.created_at + timedelta(hours=1),
                )
            )
        if got_answer and request.first_answer_at:
            messages.append(
                Message(
                    request=request,
                    author=adviser,
                    body=rng.choice(ANSWERS),
                    created_at=request.first_answer_at,
                )
            )
            if rng.random() < 0.5:
                messages.append(
                    Message(
                        request=request,
                        author=request.requester,
                        body=rng.choice(REPLIES),
                        created_at=min(request.first_answer_at + timedelta(hours=5), now),
                    )
                )
    Through.objects.bulk_create(links, batch_size=1000)
    Message.objects.bulk_create(messages, batch_size=1000)
    overdue = Request.objects.filter(
        first_answer_at__isnull=True,
        status__in=[Status.NEW, Status.REVIEWING, Status.AGREED, Status.IN_PROGRESS],
        answer_due__lt=timezone.localdate(),
    ).count()
    top = Request.objects.aggregate(Max("number"))["number__max"]
    log(f"desk: {len(requests)} requests ({overdue} overdue), {len(messages)} messages; highest number {top}")

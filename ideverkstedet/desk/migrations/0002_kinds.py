"""The kinds of help people ask for, in bokmål with nynorsk and English names. The unit edits them in the admin."""

from django.db import migrations

KINDS = [
    (
        "metodestotte",
        ("Metodestøtte til en workshop", "Metodestøtte til ein workshop", "Method support for a workshop"),
        (
            "Hjelp til å velge og bruke metoder i en workshop dere holder selv.",
            "Hjelp til å velje og bruke metodar i ein workshop de held sjølv.",
            "Help choosing and using methods in a workshop you run yourselves.",
        ),
    ),
    (
        "fasilitering",
        ("Fasilitering", "Fasilitering", "Facilitation"),
        (
            "Vi leder en samling for dere.",
            "Vi leier ei samling for dykk.",
            "We lead a session for you.",
        ),
    ),
    (
        "skreddersydd",
        ("Skreddersydd opplegg for teamet vårt", "Skreddarsydd opplegg for teamet vårt", "A programme tailored to our team"),
        (
            "Et forløp over flere samlinger for et konkret problem.",
            "Eit forløp over fleire samlingar for eit konkret problem.",
            "A series of sessions for a concrete problem.",
        ),
    ),
    (
        "kurs",
        ("Kurs for enheten vår", "Kurs for eininga vår", "A course for our unit"),
        (
            "Tjenestedesign og innovasjon for en gruppe ansatte.",
            "Tenestedesign og innovasjon for ei gruppe tilsette.",
            "Service design and innovation for a group of employees.",
        ),
    ),
    (
        "sparring",
        ("Sparring på en utfordring", "Sparring på ei utfordring", "Sparring on a challenge"),
        (
            "En samtale om hvor dere står og hva neste steg kan være.",
            "Ein samtale om kvar de står og kva neste steg kan vere.",
            "A conversation about where you are and what the next step could be.",
        ),
    ),
    (
        "rommet",
        ("Hjelp med rommet", "Hjelp med rommet", "Help with the room"),
        (
            "Utstyr, oppsett eller tilrettelegging i Ideverkstedet.",
            "Utstyr, oppsett eller tilrettelegging i Ideverkstedet.",
            "Equipment, set-up or accessibility in Ideverkstedet.",
        ),
    ),
    (
        "annet",
        ("Noe annet", "Noko anna", "Something else"),
        (
            "Noe vi burde tilby? Fortell oss.",
            "Noko vi burde tilby? Fortel oss.",
            "Something we should offer? Tell us.",
        ),
    ),
]


def add_kinds(apps, schema_editor):
    Kind = apps.get_model("desk", "Kind")
    for position, (slug, (nb, nn, en), (help_nb, help_nn, help_en)) in enumerate(KINDS, start=1):
        Kind.objects.update_or_create(
            slug=slug,
            defaults={
                "name": nb,
                "name_nn": nn,
                "name_en": en,
                "help_text": help_nb,
                "help_text_nn": help_nn,
                "help_text_en": help_en,
                "position": position * 10,
            },
        )


def remove_kinds(apps, schema_editor):
    Kind = apps.get_model("desk", "Kind")
    Kind.objects.filter(slug__in=[slug for slug, _names, _help in KINDS], requests__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("desk", "0001_initial")]

    operations = [migrations.RunPython(add_kinds, remove_kinds)]

from django.db import migrations

PHASES = [
    (
        "mote",
        "Møte",
        "Møte",
        "Meet",
        "Vi rammer inn utfordringen og samler laget.",
        "Vi rammar inn utfordringa og samlar laget.",
        "We frame the challenge and gather the team.",
    ),
    (
        "tenke",
        "Tenke",
        "Tenkje",
        "Think",
        "Vi henter innsikt og forstår behovet.",
        "Vi hentar innsikt og forstår behovet.",
        "We gather insight and understand the need.",
    ),
    (
        "skape",
        "Skape",
        "Skape",
        "Create",
        "Vi lager ideer, prototyper og tester dem.",
        "Vi lagar idear, prototypar og testar dei.",
        "We create ideas and prototypes, and test them.",
    ),
    (
        "dele",
        "Dele",
        "Dele",
        "Share",
        "Vi tar løsningen i bruk og deler det vi lærte.",
        "Vi tek løysinga i bruk og deler det vi lærte.",
        "We put the solution to use and share what we learned.",
    ),
]


def add_phases(apps, schema_editor):
    Phase = apps.get_model("challenges", "Phase")
    for order, (slug, nb, nn, en, d_nb, d_nn, d_en) in enumerate(PHASES, start=1):
        Phase.objects.update_or_create(
            slug=slug,
            defaults={
                "name": nb,
                "name_nn": nn,
                "name_en": en,
                "description": d_nb,
                "description_nn": d_nn,
                "description_en": d_en,
                "order": order,
            },
        )


def remove_phases(apps, schema_editor):
    apps.get_model("challenges", "Phase").objects.filter(slug__in=[p[0] for p in PHASES]).delete()


class Migration(migrations.Migration):
    dependencies = [("challenges", "0001_initial")]

    operations = [migrations.RunPython(add_phases, remove_phases)]

"""Load the method cards shipped in methods/content/methods.toml. Reversible: the reverse removes them."""

from django.db import migrations


def load(apps, schema_editor):
    from ideverkstedet.methods.content import load_methods

    load_methods(apps.get_model("methods", "Method"))


def unload(apps, schema_editor):
    from ideverkstedet.methods.content import unload_methods

    unload_methods(apps.get_model("methods", "Method"))


class Migration(migrations.Migration):
    dependencies = [("methods", "0001_method_cards_and_plans")]

    operations = [migrations.RunPython(load, unload)]

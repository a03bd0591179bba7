from django.db import migrations


def index_methods(apps, schema_editor):
    from ideverkstedet.methods.services import method_search_index

    for method in apps.get_model("methods", "Method").objects.all():
        method_search_index(method)


def unindex_methods(apps, schema_editor):
    apps.get_model("search", "SearchEntry").objects.filter(kind="method").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("methods", "0004_plan_challenge"),
        ("search", "0002_full_text_index"),
    ]

    operations = [migrations.RunPython(index_methods, unindex_methods)]

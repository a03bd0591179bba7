"""Attachments lose the name they had on the uploader's machine: vedlegg-1.pdf, vedlegg-2.jpg … per request."""

from django.db import migrations


def neutral_names(apps, schema_editor):
    Attachment = apps.get_model("desk", "Attachment")
    number: dict[int, int] = {}
    for attachment in Attachment.objects.order_by("request_id", "created_at", "pk"):
        number[attachment.request_id] = number.get(attachment.request_id, 0) + 1
        extension = attachment.file.name.rsplit(".", 1)[-1] if "." in attachment.file.name else "bin"
        attachment.name = f"vedlegg-{number[attachment.request_id]}.{extension}"
        attachment.save(update_fields=["name"])


class Migration(migrations.Migration):
    dependencies = [("desk", "0002_kinds")]

    # The original names are gone on purpose: the reverse leaves the neutral ones.
    operations = [migrations.RunPython(neutral_names, migrations.RunPython.noop)]

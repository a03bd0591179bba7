from django.db import migrations

from ideverkstedet.rooms import guard


def install_guard(apps, schema_editor):  # type: ignore[no-untyped-def]
    guard.install(schema_editor.connection)


def remove_guard(apps, schema_editor):  # type: ignore[no-untyped-def]
    guard.remove(schema_editor.connection)


class Migration(migrations.Migration):
    """Install the overlap guard (see ideverkstedet/rooms/guard.py)."""

    dependencies = [("rooms", "0001_rooms_and_bookings")]

    operations = [migrations.RunPython(install_guard, remove_guard)]

"""The database's own guarantee that active bookings of one room never overlap (buffer included).

PostgreSQL: an exclusion constraint over (room =, tstzrange(start, occupied_until) &&) for active rows.
SQLite: triggers that abort an insert or update that would overlap; with IMMEDIATE transactions (settings)
writers are serialised, so check and write cannot interleave.
"""

from django.db import migrations

ACTIVE = "('requested', 'confirmed')"

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    f"""
    ALTER TABLE rooms_booking ADD CONSTRAINT booking_no_overlap
    EXCLUDE USING gist (room_id WITH =, tstzrange(start, occupied_until, '[)') WITH &&)
    WHERE (status IN {ACTIVE})
    """,
]
POSTGRES_REVERSE = ["ALTER TABLE rooms_booking DROP CONSTRAINT IF EXISTS booking_no_overlap"]

_SQLITE_CLASH = f"""
    SELECT RAISE(ABORT, 'booking_no_overlap')
    WHERE NEW.status IN {ACTIVE} AND EXISTS (
        SELECT 1 FROM rooms_booking AS other
        WHERE other.room_id = NEW.room_id
          AND other.id IS NOT NEW.id
          AND other.status IN {ACTIVE}
          AND other.start < NEW.occupied_until
          AND NEW.start < other.occupied_until
    );
"""
SQLITE_FORWARD = [
    f"CREATE TRIGGER booking_no_overlap_insert BEFORE INSERT ON rooms_booking BEGIN {_SQLITE_CLASH} END",
    f"CREATE TRIGGER booking_no_overlap_update BEFORE UPDATE ON rooms_booking BEGIN {_SQLITE_CLASH} END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS booking_no_overlap_insert",
    "DROP TRIGGER IF EXISTS booking_no_overlap_update",
]


def _run(statements_by_vendor):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


def install_guard():  # type: ignore[no-untyped-def]
    return _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD})


def remove_guard():  # type: ignore[no-untyped-def]
    return _run({"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE})


class Migration(migrations.Migration):
    dependencies = [("rooms", "0001_rooms_and_bookings")]

    operations = [migrations.RunPython(install_guard(), remove_guard())]

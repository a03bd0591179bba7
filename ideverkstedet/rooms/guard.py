"""The database's own guarantee that active bookings of one room never overlap (buffer included).

PostgreSQL: an exclusion constraint over (room =, tstzrange(start, occupied_until) &&) for active rows.
SQLite: triggers that abort an insert or update that would overlap; with IMMEDIATE transactions (settings)
writers are serialised, so check and write cannot interleave. Installed by migration 0002; the concurrency
tests remove and reinstall it to show the race it prevents.
"""

from ideverkstedet.core.sql import VendorSQL

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

FORWARD = {"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}
REVERSE = {"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}


_SQL = VendorSQL(FORWARD, REVERSE)
install = _SQL.install
remove = _SQL.remove

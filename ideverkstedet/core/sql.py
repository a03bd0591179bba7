"""Raw SQL a migration installs per database (triggers, constraints, FTS tables), and takes away again."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class VendorSQL:
    """Statements per database vendor ("postgresql", "sqlite") to install and to remove one piece of SQL."""

    forward: dict[str, list[str]]
    reverse: dict[str, list[str]]

    def install(self, connection: Any) -> None:
        self._execute(connection, self.forward)

    def remove(self, connection: Any) -> None:
        self._execute(connection, self.reverse)

    @staticmethod
    def _execute(connection: Any, statements: dict[str, list[str]]) -> None:
        with connection.cursor() as cursor:
            for statement in statements.get(connection.vendor, []):
                cursor.execute(statement)

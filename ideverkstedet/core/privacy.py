"""Download-my-data and delete-my-account, across apps.

Each app that stores personal data registers one exporter (what the person gets in their JSON file) and one
eraser (what happens to their data when they delete their account). The accounts app calls them all from
`accounts.services.user_export_data` and `accounts.services.user_delete_account`, so a new app cannot forget
the person's rights without its tests showing it.
"""

from collections.abc import Callable
from typing import Any

Exporter = Callable[[Any], Any]
Eraser = Callable[[Any], None]

_exporters: dict[str, Exporter] = {}
_erasers: dict[str, Eraser] = {}


def register_exporter(section: str, exporter: Exporter) -> None:
    _exporters[section] = exporter


def register_eraser(name: str, eraser: Eraser) -> None:
    _erasers[name] = eraser


def exporters() -> dict[str, Exporter]:
    return dict(_exporters)


def erasers() -> dict[str, Eraser]:
    return dict(_erasers)

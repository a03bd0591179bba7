"""Every page is valid HTML, checked by the Nu Html Checker (vnu-jar from npm, run on the machine's Java).

The pages are fetched with Django's test client (logged out, logged in as a citizen and as an employee, and the
sign-up and login forms with errors), written to a temporary folder and checked in ONE Java run: starting the
JVM is the slow part. Without Java or without `npm ci` the test skips, except in CI (CI=true), where it fails.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from ideverkstedet.accounts import services as account_services
from ideverkstedet.accounts.models import Role
from ideverkstedet.notifications.services import notify

VNU_JAR = settings.BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

PUBLIC_PAGES = [
    "core:home",
    "core:meet",
    "core:think",
    "core:create",
    "core:share",
    "core:about",
    "core:privacy",
    "core:accessibility",
    "accounts:sign_up",
    "accounts:login",
    "accounts:password_reset",
    "accounts:resend_verification",
]
# Logged in, sign-up and login redirect to Min side.
LOGGED_IN_PAGES = [
    *[name for name in PUBLIC_PAGES if name not in {"accounts:sign_up", "accounts:login"}],
    "accounts:profile",
    "accounts:profile_edit",
    "accounts:password_change",
    "notifications:list",
    "notifications:settings",
    "accounts:delete_account",
]


def _java_and_jar() -> str:
    """The java executable, or skip (fail in CI) with what to install."""
    java = shutil.which("java")
    problem = None
    if java is None:
        problem = "Java not found: install a Java runtime (apt-get install default-jre-headless)"
    elif not VNU_JAR.is_file():
        problem = f"Nu Html Checker not found at {VNU_JAR}: run `npm ci` (vnu-jar is pinned in package.json)"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{problem}. CI=true: the HTML check must run in CI, not skip.", pytrace=False)
        pytest.skip(problem)
    assert java is not None
    return java


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class Pages:
    """Collects fetched pages as files, remembering which URL (and visitor) each file came from."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.sources: dict[str, str] = {}

    def add(self, response, label: str) -> None:
        assert response.status_code in {200, 400}, f"{label}: HTTP {response.status_code}"
        assert response["Content-Type"].startswith("text/html"), f"{label}: {response['Content-Type']}"
        name = f"{len(self.sources):02d}-{_slug(label)}.html"
        (self.folder / name).write_bytes(response.content)
        self.sources[name] = label

    def fetch_path(self, client, path: str, who: str) -> None:
        response = client.get(path)
        assert response.status_code == 200, (path, who, response.status_code)
        self.add(response, f"GET {path} ({who})")

    def check(self) -> None:
        """Run the Nu Html Checker once over every collected page; fail with each error and where it is."""
        java = _java_and_jar()
        result = subprocess.run(  # noqa: S603 - fixed arguments, our own temporary files
            [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *sorted(self.sources)],
            cwd=self.folder,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        # vnu writes its JSON report to stderr; exit status 1 means "errors found".
        try:
            report = json.loads(result.stderr)
        except json.JSONDecodeError:
            pytest.fail(
                f"vnu.jar did not answer in JSON (exit {result.returncode}):\n{result.stderr[-3000:]}",
                pytrace=False,
            )

        errors = [m for m in report.get("messages", []) if m.get("type") in {"error", "non-document-error"}]
        if errors:
            lines = []
            for message in errors:
                file_name = Path(str(message.get("url", "")).removeprefix("file:")).name
                source = self.sources.get(file_name, file_name)
                extract = " ".join(str(message.get("extract", "")).split())
                lines.append(
                    f"- {source} [{file_name}] line {message.get('lastLine', '?')}: {message.get('message')}"
                    + (f"\n    near: {extract}" if extract else "")
                )
            pytest.fail(
                f"Nu Html Checker: {len(errors)} error(s) in {len(self.sources)} pages:\n" + "\n".join(lines),
                pytrace=False,
            )
        assert result.returncode == 0, result.stderr[-3000:]

    def fetch(self, client, name: str, who: str, language: str = "nb") -> None:
        url = reverse(name)
        response = client.get(url)
        assert response.status_code == 200, f"{url} as {who}: HTTP {response.status_code}"
        self.add(response, f"GET {url} ({who}, {language})")


@pytest.mark.django_db
def test_every_page_is_valid_html(client, make_user, tmp_path):
    _java_and_jar()  # skip (or fail in CI) before fetching anything
    pages = Pages(tmp_path)

    # Logged out, in bokmål and in English.
    for language in ("nb", "en"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for name in PUBLIC_PAGES:
            pages.fetch(client, name, "logged out", language)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"

    # Forms with errors: sign-up sent empty and with bad values, a wrong password, an empty login.
    sign_up = reverse("accounts:sign_up")
    pages.add(client.post(sign_up, {}), f"POST {sign_up} empty (logged out)")
    pages.add(
        client.post(
            sign_up,
            {
                "full_name": "Kari Nordmann",
                "email": "ikke-en-adresse",
                "role": Role.EMPLOYEE,
                "password1": "kort",
                "password2": "noe-annet",
            },
        ),
        f"POST {sign_up} with bad values (logged out)",
    )
    login_url = reverse("accounts:login")
    pages.add(
        client.post(login_url, {"username": "ingen@example.no", "password": "feil-passord"}),
        f"POST {login_url} wrong password (logged out)",
    )
    pages.add(client.post(login_url, {}), f"POST {login_url} empty (logged out)")

    # Logged in: a citizen with empty lists, an employee with an unread notice and an API key.
    citizen = make_user(Role.CITIZEN)
    employee = make_user(Role.EMPLOYEE)
    notify(user=employee, title="Bookingen din er godkjent", body="Velkommen!\nVi ses.", url="/")
    account_services.api_token_create(user=employee, name="Rapport i Excel")
    for user in (citizen, employee):
        client.force_login(user)
        for name in LOGGED_IN_PAGES:
            pages.fetch(client, name, f"logged in as {user.role}")
        delete_url = reverse("accounts:delete_account")
        pages.add(client.post(delete_url, {"confirm": "nei"}), f"POST {delete_url} with errors ({user.role})")
        client.logout()

    # Room booking: calendar, booking form (empty and with errors), a booking, my bookings, the approval queue.
    from datetime import timedelta

    from django.utils import timezone

    from ideverkstedet.rooms.models import Booking
    from ideverkstedet.rooms.tests.factories import PurposeKindFactory, RoomFactory, make_booking

    room = RoomFactory(
        slug="ideverkstedet", description="Rom med **skrivevegger**.", accessibility="Trinnfritt."
    )
    PurposeKindFactory()
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=2)
    booking = make_booking(room, citizen, start, status=Booking.Status.REQUESTED, needs="Prosjektor")
    pages.fetch_path(client, reverse("rooms:room_list"), "logged out")
    pages.fetch_path(client, reverse("rooms:room_detail", args=[room.slug]), "logged out")
    advisor = make_user(Role.ADVISOR)
    for user in (citizen, advisor):
        client.force_login(user)
        pages.fetch_path(client, reverse("rooms:room_detail", args=[room.slug]), f"logged in as {user.role}")
        pages.fetch_path(client, reverse("rooms:booking_new", args=[room.slug]), f"logged in as {user.role}")
        book = reverse("rooms:booking_new", args=[room.slug])
        pages.add(client.post(book, {"date": "x", "expected_participants": "0"}), f"POST {book} with errors")
        pages.fetch_path(
            client, reverse("rooms:booking_detail", args=[booking.pk]), f"logged in as {user.role}"
        )
        pages.fetch_path(client, reverse("rooms:my_bookings"), f"logged in as {user.role}")
        client.logout()
    client.force_login(advisor)
    pages.fetch_path(client, reverse("rooms:approval_queue"), "logged in as advisor")
    pages.fetch_path(client, reverse("rooms:block_new", args=[room.slug]), "logged in as advisor")
    client.logout()

    pages.check()

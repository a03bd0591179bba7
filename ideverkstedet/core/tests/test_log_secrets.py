"""Secrets in URLs (calendar feed token, verification and reset links) never reach a log."""

import io
import logging

import pytest
from django.urls import reverse

from ideverkstedet.core.logfilters import RedactSecrets, redact

SECRET = "hemmelig-token-abc123"


def _console_handler() -> logging.Handler:
    for handler in logging.getLogger().handlers:
        if any(isinstance(f, RedactSecrets) for f in handler.filters):
            return handler
    raise AssertionError("no handler on the root logger has the RedactSecrets filter")


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("rooms:personal_feed", {"token": SECRET}),
        ("accounts:verify_email", {"uidb64": "MTI", "token": SECRET}),
        ("accounts:password_reset_confirm", {"uidb64": "MTI", "token": SECRET}),
    ],
)
def test_every_url_with_a_secret_is_redacted(name, kwargs):
    path = reverse(name, kwargs=kwargs)
    line = redact(f'"GET {path} HTTP/1.1" 404 179')
    assert SECRET not in line and "[skjult]" in line


def test_ordinary_urls_are_left_alone():
    for path in ("/rom/ideverkstedet/kalender.ics", reverse("accounts:resend_verification"), "/sok/?q=barn"):
        assert redact(f"GET {path}") == f"GET {path}"


@pytest.mark.django_db
def test_a_wrong_feed_token_is_logged_without_the_token(client):
    handler = _console_handler()
    stream = io.StringIO()
    old = handler.setStream(stream)  # type: ignore[attr-defined]
    try:
        response = client.get(reverse("rooms:personal_feed", args=[SECRET]))
    finally:
        handler.setStream(old)  # type: ignore[attr-defined]
    assert response.status_code == 404
    logged = stream.getvalue()
    assert "kalender/[skjult].ics" in logged
    assert SECRET not in logged


def test_runserver_and_gunicorn_access_lines_are_redacted():
    # runserver: django.server with positional args; gunicorn: a format string with a dict of atoms.
    server = logging.LogRecord(
        "django.server",
        logging.INFO,
        "",
        0,
        '"%s" %s %s',
        (f"GET /booking/kalender/{SECRET}.ics HTTP/1.1", 200, 10),
        None,
    )
    access = logging.LogRecord(
        "gunicorn.access",
        logging.INFO,
        "",
        0,
        "%(r)s %(s)s",
        ({"r": f"GET /booking/kalender/{SECRET}.ics", "s": "200"},),
        None,
    )
    for record in (server, access):
        RedactSecrets().filter(record)
        assert SECRET not in record.getMessage()
    assert any(
        isinstance(f, RedactSecrets) for h in logging.getLogger("django.server").handlers for f in h.filters
    )

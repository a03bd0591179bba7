"""After an ID-porten login, the national identity number is nowhere: no table, no session, no log, no export."""

import base64
import logging
import re
from urllib.parse import urlsplit

import pytest
import requests
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection
from django.urls import reverse

from ideverkstedet.oidc.protocol import IdvOpenIDConnectAdapter
from ideverkstedet.oidc.testing import drive_login, onward_url

PID = "12817099921"
RP = "http://testserver"


def every_row_of_every_table() -> str:
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (table names from the database itself)
            parts.append(f"{table}: {cursor.fetchall()!r}")
    return "\n".join(parts)


@pytest.mark.django_db
def test_pid_is_stored_nowhere_after_an_idporten_login(
    client, idporten, caplog, monkeypatch, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    id_tokens = []
    original = IdvOpenIDConnectAdapter.get_access_token_data

    def recording(self, *args, **kwargs):
        data = original(self, *args, **kwargs)
        id_tokens.append(data["id_token"])
        return data

    monkeypatch.setattr(IdvOpenIDConnectAdapter, "get_access_token_data", recording)
    http = requests.Session()

    def log_in():
        response = client.post(reverse("oidc:login", args=["idporten"]))
        fields = {"pid": PID, "acr": "idporten-loa-high"}
        return client.get(drive_login(onward_url(response), http=http, rp=RP, fields=fields).removeprefix(RP))

    log_in()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("oidc:first_login"), {"full_name": "Ola Nordmann", "email": "ola@example.no"})
    link = re.search(r"http://\S+/konto/bekreft/\S+/", mail.outbox[-1].body).group(0)
    client.post(urlsplit(link).path)
    assert log_in()["Location"] == reverse("accounts:profile")
    export = client.get(reverse("accounts:export_data")).content.decode()
    profile = client.get(reverse("accounts:profile")).content.decode()

    # The pid really was in what the provider sent, in clear (base64url) inside the ID token.
    assert id_tokens and all(
        PID in base64.urlsafe_b64decode(t.split(".")[1] + "==").decode() for t in id_tokens
    )
    payloads = [t.split(".")[1] for t in id_tokens]

    tables = every_row_of_every_table()
    sessions = "\n".join(repr(s.get_decoded()) for s in Session.objects.all())
    mails = "\n".join(m.body for m in mail.outbox)
    for name, haystack in {
        "database": tables,
        "sessions": sessions,
        "logs": caplog.text,
        "export": export,
        "profile": profile,
        "mail": mails,
    }.items():
        assert PID not in haystack, f"pid found in {name}"
        for payload in payloads:
            assert payload not in haystack, f"ID token (with the pid) in clear in {name}"
    assert "socialaccount_socialaccount" in tables and "ola@example.no" in tables  # the dump did see our data

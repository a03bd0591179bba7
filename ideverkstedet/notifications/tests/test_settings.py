"""Notification settings: in-app always, email per kind on or off, one each or one digest a day."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.tests.factories import ALL_ROLES
from ideverkstedet.notifications.models import EmailSettings, Kind, Notification
from ideverkstedet.notifications.services import digest_sweep, email_settings_update, notify

OSLO = ZoneInfo("Europe/Oslo")
SETTINGS_PATH = "/varsler/innstillinger/"


def _notice(user, kind, title="Beskjed", **kwargs):
    return notify(
        user=user,
        title=title,
        body="Tekst",
        url="/om/",
        kind=kind,
        email_template="challenges/email/notice",
        **kwargs,
    )


def test_turning_off_email_for_a_kind_stops_its_email_but_not_the_in_app_notice(
    make_user, django_capture_on_commit_callbacks
):
    user = make_user(Role.EMPLOYEE)
    email_settings_update(user=user, email_kinds=set(Kind.values) - {Kind.BOOKINGS}, daily_digest=False)
    with django_capture_on_commit_callbacks(execute=True):
        _notice(user, Kind.BOOKINGS, title="Booking bekreftet")
        _notice(user, Kind.EVENTS, title="Du er påmeldt")
    assert [m.subject for m in mail.outbox] == ["Du er påmeldt"]
    assert list(Notification.objects.filter(user=user).values_list("title", flat=True).order_by("id")) == [
        "Booking bekreftet",
        "Du er påmeldt",
    ]


def test_a_real_moderation_notice_respects_the_setting(make_user, django_capture_on_commit_callbacks):
    from ideverkstedet.challenges.services.base import tell

    quiet, loud = make_user(Role.CITIZEN), make_user(Role.CITIZEN)
    email_settings_update(user=quiet, email_kinds={Kind.BOOKINGS}, daily_digest=False)
    with django_capture_on_commit_callbacks(execute=True):
        tell([quiet, loud], "unblocked", url="/")
    assert [m.to for m in mail.outbox] == [[loud.email]]
    assert Notification.objects.get(user=quiet).kind == Kind.MODERATION


def test_without_settings_every_kind_is_emailed_at_once(make_user, django_capture_on_commit_callbacks):
    user = make_user(Role.CITIZEN)
    with django_capture_on_commit_callbacks(execute=True):
        for kind in Kind.values:
            _notice(user, kind, title=kind)
    assert sorted(m.subject for m in mail.outbox) == sorted(Kind.values)


def test_every_challenge_notice_has_a_kind():
    from ideverkstedet.challenges.services import base, joining, merging

    every = set(base.NOTICES) | set(merging.NOTICES) | set(joining.NOTICES)
    assert every <= set(base.NOTICE_KINDS), every - set(base.NOTICE_KINDS)
    assert set(base.NOTICE_KINDS.values()) <= set(Kind.values)


def test_every_email_to_a_person_links_to_the_settings(make_user, django_capture_on_commit_callbacks):
    user = make_user(Role.CITIZEN)
    with django_capture_on_commit_callbacks(execute=True):
        _notice(user, Kind.FOLLOWING)
    assert SETTINGS_PATH in mail.outbox[0].body


def test_digest_sends_one_email_with_everything_that_came(make_user, django_capture_on_commit_callbacks):
    user = make_user(Role.EMPLOYEE)
    email_settings_update(user=user, email_kinds=set(Kind.values), daily_digest=True)
    with django_capture_on_commit_callbacks(execute=True):
        _notice(user, Kind.BOOKINGS, title="Booking bekreftet")
        _notice(user, Kind.FOLLOWING, title="Ny idé")
        _notice(user, Kind.DESK, title="Svar fra Innovasjonsenheten")
    assert mail.outbox == []  # nothing at once
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_sweep(datetime(2026, 12, 1, 6, 30, tzinfo=OSLO)) == {}  # before 07:00: waits
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_sweep(datetime(2026, 12, 1, 8, 0, tzinfo=OSLO)) == {"notification_digests": 1}
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    for title in ("Booking bekreftet", "Ny idé", "Svar fra Innovasjonsenheten"):
        assert title in body
    assert "3 nye varsler" in mail.outbox[0].subject
    assert SETTINGS_PATH in body
    assert not Notification.objects.filter(digest_due=True).exists()
    # Later the same day: one digest a day, even with news.
    _notice(user, Kind.EVENTS, title="Påminnelse")
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_sweep(datetime(2026, 12, 1, 15, 0, tzinfo=OSLO)) == {"notification_digests": 0}
        assert digest_sweep(datetime(2026, 12, 2, 7, 10, tzinfo=OSLO)) == {"notification_digests": 1}
    assert len(mail.outbox) == 2 and "Påminnelse" in mail.outbox[1].body


def test_digest_sends_nothing_when_nothing_came(make_user, django_capture_on_commit_callbacks):
    user = make_user(Role.EMPLOYEE)
    email_settings_update(user=user, email_kinds=set(Kind.values), daily_digest=True)
    notify(user=user, title="Bare i appen")  # no email template: never in a digest
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_sweep(datetime(2026, 12, 1, 9, 0, tzinfo=OSLO)) == {"notification_digests": 0}
    assert mail.outbox == []


def test_digest_leaves_out_kinds_turned_off_since(make_user, django_capture_on_commit_callbacks):
    user = make_user(Role.EMPLOYEE)
    email_settings_update(user=user, email_kinds=set(Kind.values), daily_digest=True)
    _notice(user, Kind.TEAM, title="Invitasjon")
    email_settings_update(user=user, email_kinds=set(Kind.values) - {Kind.TEAM}, daily_digest=True)
    with django_capture_on_commit_callbacks(execute=True):
        digest_sweep(datetime(2026, 12, 1, 9, 0, tzinfo=OSLO))
    assert mail.outbox == []
    assert Notification.objects.get(user=user).title == "Invitasjon"  # still in the app


def test_an_urgent_notice_is_not_held_for_the_digest(make_user, django_capture_on_commit_callbacks):
    user = make_user(Role.CITIZEN)
    email_settings_update(user=user, email_kinds=set(Kind.values), daily_digest=True)
    with django_capture_on_commit_callbacks(execute=True):
        _notice(user, Kind.EVENTS, title="Ledig plass til deg", urgent=True)
    assert [m.subject for m in mail.outbox] == ["Ledig plass til deg"]
    assert not Notification.objects.filter(digest_due=True).exists()


def test_digest_is_written_in_the_persons_language(make_user, django_capture_on_commit_callbacks):
    user = make_user(Role.CITIZEN, language="en")
    email_settings_update(user=user, email_kinds=set(Kind.values), daily_digest=True)
    _notice(user, Kind.FOLLOWING, title="New phase")
    _notice(user, Kind.FOLLOWING, title="New idea")
    with django_capture_on_commit_callbacks(execute=True):
        digest_sweep(datetime(2026, 12, 1, 9, 0, tzinfo=OSLO))
    with translation.override("en"):
        intro = gettext("Dette har kommet til deg i Ideverkstedet siden sist:")
    assert intro != "Dette har kommet til deg i Ideverkstedet siden sist:"
    assert intro in mail.outbox[0].body
    assert "2 nye varsler" not in mail.outbox[0].subject


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_can_choose_and_save(client, make_user, role):
    user = make_user(role)
    client.force_login(user)
    html = client.get(reverse("notifications:settings")).content.decode()
    assert 'value="bookings" id="id_email_kinds_0" checked' in html  # defaults: everything by email
    assert 'value="each" id="id_delivery_0" required checked' in html
    response = client.post(
        reverse("notifications:settings"), {"email_kinds": ["events", "desk"], "delivery": "daily"}
    )
    assert response.status_code == 302
    saved = EmailSettings.objects.get(user=user)
    assert (saved.events, saved.desk, saved.bookings, saved.daily_digest) == (True, True, False, True)
    html = client.get(reverse("notifications:settings")).content.decode()
    assert 'value="daily" id="id_delivery_1" required checked' in html
    assert 'value="bookings" id="id_email_kinds_0">' in html


def test_settings_need_login(client, db):
    response = client.get(reverse("notifications:settings"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert client.post(reverse("notifications:settings"), {"delivery": "daily"}).status_code == 302
    assert not EmailSettings.objects.exists()


def test_bad_input_gives_the_form_again_not_an_error(client, make_user):
    user = make_user(Role.CITIZEN)
    client.force_login(user)
    response = client.post(reverse("notifications:settings"), {"email_kinds": ["nope"], "delivery": "\x00"})
    assert response.status_code == 200
    assert not EmailSettings.objects.filter(user=user).exists()


def test_settings_are_linked_from_min_side_and_the_notification_list(client, make_user):
    client.force_login(make_user(Role.CITIZEN))
    for page in ("accounts:profile", "notifications:list"):
        assert SETTINGS_PATH in client.get(reverse(page)).content.decode(), page


def test_settings_are_exported_and_erased_with_the_account(make_user):
    from ideverkstedet.core import privacy

    user = make_user(Role.CITIZEN)
    assert privacy.exporters()["email_settings"](user) is None
    email_settings_update(user=user, email_kinds={Kind.DESK}, daily_digest=True)
    exported = privacy.exporters()["email_settings"](user)
    assert exported["email"]["desk"] is True and exported["email"]["bookings"] is False
    assert exported["daily_digest"] is True
    privacy.erasers()["notifications"](user)
    assert not EmailSettings.objects.filter(user=user).exists()

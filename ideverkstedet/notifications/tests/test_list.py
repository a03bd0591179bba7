from django.urls import reverse

from ideverkstedet.accounts.models import Role
from ideverkstedet.notifications.models import Notification
from ideverkstedet.notifications.services import notify


def test_notification_list_shows_my_notices_newest_first_and_marks_them_read(
    client, make_user, django_assert_max_num_queries
):
    user = make_user(Role.CITIZEN)
    for n in range(30):
        notify(user=user, title=f"Beskjed {n}", url="/om/")
    client.force_login(user)
    with django_assert_max_num_queries(8):
        html = client.get(reverse("notifications:list")).content.decode()
    assert html.index("Beskjed 29") < html.index("Beskjed 28")
    assert "Side 1 av 2" in html
    assert '<span class="badge">30' in html
    response = client.post(reverse("notifications:mark_all_read"))
    assert response.status_code == 302
    assert not Notification.objects.filter(user=user, read_at__isnull=True).exists()


def test_opening_a_notice_marks_it_read_and_follows_its_link(client, make_user):
    user = make_user(Role.CITIZEN)
    notice = notify(user=user, title="Se her", url="/om/")
    client.force_login(user)
    response = client.post(reverse("notifications:open", args=[notice.pk]))
    assert response.status_code == 302 and response.url == "/om/"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_notice_links_never_lead_off_site(client, make_user):
    user = make_user(Role.CITIZEN)
    notice = notify(user=user, title="Lur", url="https://evil.example/")
    client.force_login(user)
    response = client.post(reverse("notifications:open", args=[notice.pk]))
    assert response.url == reverse("notifications:list")


def test_bad_page_number_gives_a_page_not_an_error(client, make_user):
    client.force_login(make_user(Role.CITIZEN))
    assert client.get(reverse("notifications:list") + "?side=tull").status_code == 200
    assert client.get(reverse("notifications:list") + "?side=99999").status_code == 200


def test_empty_list_says_what_will_come_here(client, make_user):
    client.force_login(make_user(Role.CITIZEN))
    assert "Du har ingen varsler ennå" in client.get(reverse("notifications:list")).content.decode()

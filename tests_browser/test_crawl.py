"""axe-core (WCAG 2.0/2.1 A and AA) over every page a crawl of the demo data finds, as a visitor, a resident, an
employee and an adviser, in bokmål, nynorsk and English. The pages are found with Django's test client
(ideverkstedet/core/tests/crawl.py, the same crawl the HTML check uses); the browser opens each and runs axe.
Each page is a subtest, so one failure does not hide the others."""

import pytest

from ideverkstedet.accounts.models import User
from ideverkstedet.core.tests.crawl import DEMO_PEOPLE, LANGUAGES, crawl, in_language, load_demo
from tests_browser.conftest import assert_no_axe_violations, login, switch_language

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(settings, transactional_db):
    load_demo(settings)


# About 200 axe runs for the adviser: well over the suite's five-minute limit per test on a busy machine.
@pytest.mark.timeout(1200)
@pytest.mark.parametrize("role", ["visitor", *DEMO_PEOPLE])
def test_every_page_a_crawl_finds_has_no_axe_violations(demo, client, new_page, live_server, subtests, role):
    email = DEMO_PEOPLE.get(role)
    if email:
        client.force_login(User.objects.get(email=email))
    in_language(client, "nb")
    paths = list(crawl(client).pages)
    assert len(paths) >= 25, paths
    page = new_page()
    if email:
        from ideverkstedet.accounts.tests.factories import PASSWORD

        person = User.objects.get(email=email)
        person.set_password(PASSWORD)
        person.save(update_fields=["password"])
        login(page, live_server, person)
    for language in LANGUAGES:
        # The header's language buttons: they set the cookie, and for a logged-in person their own language,
        # which wins over the cookie on every later page.
        page.goto(live_server.url + "/")
        if language != "nb" or email:
            switch_language(page, language)
        for path in paths:
            with subtests.test(msg=f"{path} [{role}, {language}]"):
                response = page.goto(live_server.url + path)
                assert response is not None and response.status == 200, (
                    f"{path}: {response and response.status}"
                )
                assert page.locator("html").get_attribute("lang") == language
                assert_no_axe_violations(page, f"{path} as {role} in {language}")

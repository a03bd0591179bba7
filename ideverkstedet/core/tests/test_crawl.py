"""A crawl of the whole site on the demo data, as a visitor, a resident, an employee and an adviser, in bokmål,
nynorsk and English: every page answers, and every page is valid HTML (the Nu Html Checker, in one Java run).

The browser crawl (tests_browser/test_crawl.py) runs axe-core over the same pages.
"""

import re

import pytest

from ideverkstedet.accounts.models import User
from ideverkstedet.core.tests.crawl import DEMO_PEOPLE, LANGUAGES, crawl, in_language, load_demo
from ideverkstedet.core.tests.test_html_valid import Pages

# A tag or comment the engine did not take (a {# #} comment over two lines is printed as text, say).
TEMPLATE_SYNTAX = re.compile(r"\{[#%].{0,60}|.{0,60}[#%]\}")


@pytest.mark.timeout(900)  # about 800 pages and one Java run
@pytest.mark.django_db
def test_every_page_found_by_a_crawl_is_valid_html_for_every_role_and_language(client, settings, tmp_path):
    from ideverkstedet.core.tests.test_html_valid import _java_and_jar

    _java_and_jar()
    load_demo(settings)
    pages = Pages(tmp_path)
    counts = {}
    for role, email in [("visitor", None), *DEMO_PEOPLE.items()]:
        client.logout()
        if email:
            client.force_login(User.objects.get(email=email))
        in_language(client, "nb")
        found = crawl(client)
        counts[role] = len(found.pages)
        for language in LANGUAGES:
            in_language(client, language)
            for path in found.pages:
                response = client.get(path)
                assert response.status_code == 200, f"{path} as {role} in {language}: {response.status_code}"
                leaked = TEMPLATE_SYNTAX.search(response.content.decode())
                assert not leaked, (
                    f"{path} as {role} in {language} shows template syntax: {leaked.group(0)!r}"
                )
                pages.add(response, f"GET {path} ({role}, {language})")
    # The crawl reaches what each role has: more for the adviser (queues, moderation) than for a visitor.
    assert counts["visitor"] >= 25 and counts["advisor"] > counts["employee"] > counts["citizen"], counts
    pages.check()

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from conftest import log_in
from somevakt.demo.setup import DEMO_USERNAME, demo_setup
from somevakt.policy.services import policy_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_information_officer_logs_in_and_reads_the_inbox(page, axe_violations):
    policy_load(path=settings.SOMEVAKT_DEFAULT_POLICY, actor=None)
    password = demo_setup().password

    page.goto("/")
    assert page.title() == "Logg inn – somevakt"
    assert axe_violations(page) == []
    log_in(page, User.objects.get(username=DEMO_USERNAME), password)

    page.get_by_role("heading", name="Innboks").wait_for()
    assert page.url.endswith("/inbox/")
    rows = page.locator("table.items tbody tr")
    assert rows.count() == 50
    assert rows.first.locator(".badge.demo").count() == 1
    assert axe_violations(page) == []

    page.get_by_label("Kanal").select_option(label="Rakkestad kino")
    page.wait_for_url("**/inbox/?channel=kino")
    assert page.locator("table.items tbody tr").first.locator("td").nth(1).inner_text() == (
        "Rakkestad kino"
    )

    rows.first.get_by_role("link").click()
    page.get_by_role("heading", name="Samtale på Rakkestad kino").wait_for()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Retningslinjer").click()
    page.locator("#D7").wait_for()
    assert axe_violations(page) == []


def test_the_accessibility_check_reports_a_broken_page(page, axe_violations):
    page.set_content('<html><body><img src="x.png"><input type="text"></body></html>')

    found = " ".join(axe_violations(page))

    assert "image-alt" in found and "html-has-lang" in found

import pytest

from conftest import oslo
from somevakt.organisation.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_informasjonsansvarlig_finds_an_author_and_downloads_the_pdf(
    page, axe_violations, make_user, ingest
):
    ingest("100200300_1", oslo(2026, 11, 23, 9, 0), text="Når blir Storgata brøytet?")
    make_user(Role.INFORMASJONSANSVARLIG, username="ingrid")
    page.goto("/")
    page.locator("#id_username").fill("ingrid")
    page.locator("#id_password").fill("pw-for-tests-1")
    page.locator("form button[type=submit]").last.click()

    page.locator("nav a[href='/privacy/']").click()
    page.wait_for_url("**/privacy/")
    assert axe_violations(page) == []
    page.locator("#q").fill("Nordmann")
    page.locator("form[role=search] button").click()
    page.wait_for_url("**/privacy/?q=Nordmann")
    assert axe_violations(page) == []
    page.get_by_label("Kari Nordmann", exact=True).check()
    with page.expect_download() as download:
        page.locator("button[value=pdf]").click()

    assert download.value.suggested_filename == "innsyn-facebook-u1.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

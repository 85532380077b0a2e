import pytest

from conftest import log_in, oslo
from somevakt.organisation.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_informasjonsansvarlig_finds_an_author_and_downloads_the_pdf(
    page, axe_violations, make_user, ingest
):
    ingest("100200300_1", oslo(2026, 11, 23, 9, 0), text="Når blir Storgata brøytet?")
    log_in(page, make_user(Role.INFORMASJONSANSVARLIG, username="ingrid"))

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

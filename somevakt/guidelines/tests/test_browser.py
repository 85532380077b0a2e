import pytest
from django.conf import settings

from conftest import log_in
from somevakt.organisation.models import Role
from somevakt.policy.services import policy_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_employee_acknowledges_the_guidelines_and_the_informasjonsansvarlig_sees_it(
    page, axe_violations, make_user
):
    policy_load(path=settings.SOMEVAKT_DEFAULT_POLICY, actor=None)
    kari = make_user(Role.ANSATT, username="kari")
    ingrid = make_user(Role.INFORMASJONSANSVARLIG, username="ingrid")

    log_in(page, kari)
    page.get_by_role("link", name="Les og bekreft retningslinjene").click()
    page.wait_for_url("**/guidelines/#acknowledge")
    assert page.get_by_role("heading", level=2, name="P4 Ingen saksbehandling i sosiale medier")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Jeg har lest retningslinjene og vil følge dem").click()
    page.wait_for_url("**/guidelines/")
    assert "Takk. Du har bekreftet retningslinjene." in page.inner_text("main")
    assert page.locator(".guidelines-notice").count() == 0

    page.context.clear_cookies()
    log_in(page, ingrid)
    page.get_by_role("link", name="Pass på", exact=True).click()
    page.get_by_role("link", name="Hvem som har bekreftet").click()
    page.wait_for_url("**/guidelines/acknowledgements/")
    rows = page.locator("tbody tr")
    assert rows.nth(0).inner_text().startswith("ingrid")
    assert "Ikke ennå" in rows.nth(0).inner_text()
    assert "kari" in rows.nth(1).inner_text()
    assert axe_violations(page) == []

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from conftest import log_in
from somevakt.inbox.models import Item
from somevakt.inbox.services import item_ingest
from somevakt.organisation.models import Role
from somevakt.policy.services import policy_load
from somevakt.sources.models import ChannelType

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_informasjonsansvarlig_registers_a_secret_group_from_the_compliance_page(
    page, axe_violations, make_user, make_channel
):
    policy_load(path=settings.SOMEVAKT_DEFAULT_POLICY, actor=None)
    make_user(Role.INFORMASJONSANSVARLIG, username="ingrid")
    make_channel(ChannelType.SECRET_GROUP, slug="rektorer", name="Rektorer internt")

    log_in(page, User.objects.get(username="ingrid"))
    page.get_by_role("link", name="Etterlevelse").click()
    page.wait_for_url("**/compliance/")
    row = page.locator("tbody tr", has_text="Rektorer internt")
    assert row.locator(".rule-id").inner_text() == "S2"
    assert axe_violations(page) == []

    row.get_by_label("Hva gruppen brukes til").fill("Rektormøter")
    row.get_by_role("button", name="Registrer").click()
    page.wait_for_url("**/compliance/")
    assert "Alle kanaler drives slik retningslinjene sier." in page.inner_text("main")


def test_an_employee_tags_an_item_and_the_service_desk_marks_it_handled(
    page, axe_violations, make_user, main_page, make_event
):
    policy_load(path=settings.SOMEVAKT_DEFAULT_POLICY, actor=None)
    make_user(Role.ANSATT, username="kari")
    make_user(Role.SERVICEKONTOR, username="tone")
    item_ingest(event=make_event("1", text="Søppeldunken ble ikke tømt i Storgata."))
    thread = Item.objects.get().thread_id

    log_in(page, User.objects.get(username="kari"))
    page.goto(f"/inbox/threads/{thread}/")
    page.get_by_text("Til servicekontoret", exact=True).click()
    page.get_by_label("Notat til servicekontoret").fill("Renovasjon")
    page.get_by_role("button", name="Merk for servicekontoret").click()
    page.wait_for_url(f"**/inbox/threads/{thread}/")
    assert axe_violations(page) == []

    page.context.clear_cookies()
    log_in(page, User.objects.get(username="tone"))
    page.get_by_role("link", name="Servicekontor", exact=True).click()
    page.wait_for_url("**/servicedesk/")
    assert "Renovasjon" in page.locator("table.service-desk").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Behandlet").click()
    page.wait_for_url("**/servicedesk/")
    assert "Ingenting venter på servicekontoret." in page.inner_text("main")


def test_an_admin_plans_a_week_on_the_content_plan_of_a_local_page(
    page, axe_violations, kino_admin
):
    policy_load(path=settings.SOMEVAKT_DEFAULT_POLICY, actor=None)

    log_in(page, kino_admin)
    page.get_by_role("link", name="Etterlevelse").click()
    page.get_by_role("link", name="Innholdsplaner for lokale sider").click()
    page.get_by_role("link", name="Rakkestad kino").click()
    page.wait_for_url("**/compliance/plans/kino/")
    assert axe_violations(page) == []

    next_week = page.locator("tbody tr").nth(3)
    number = next_week.locator("th").inner_text().split()[1]
    page.get_by_label(f"Planlagt tema, uke {number}", exact=True).fill("Julekalender")
    page.get_by_label(f"Hvem i enheten, uke {number}", exact=True).fill("Arne")
    page.get_by_role("button", name=f"Lagre uke {number}", exact=True).click()
    page.wait_for_url("**/compliance/plans/kino/")
    assert f"Uke {number} er lagret." in page.inner_text("main")
    assert page.get_by_label(f"Planlagt tema, uke {number}", exact=True).input_value() == (
        "Julekalender"
    )
    assert axe_violations(page) == []

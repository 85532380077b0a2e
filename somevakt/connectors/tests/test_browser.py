import pytest
from django.contrib.auth.models import User

from conftest import log_in
from somevakt.connectors.models import ConnectedAccount
from somevakt.connectors.tasks import account_backfill_run
from somevakt.connectors.tests.conftest import PAGE, TOKEN
from somevakt.inbox.models import Item
from somevakt.organisation.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_informasjonsansvarlig_connects_tests_and_backfills_a_facebook_page(
    page, axe_violations, make_user, fb_page, fake_graph
):
    make_user(Role.INFORMASJONSANSVARLIG, username="ingrid")
    log_in(page, User.objects.get(username="ingrid"))
    page.locator("nav a[href='/connections/']").click()
    page.wait_for_url("**/connections/")
    assert axe_violations(page) == []

    page.locator("#id_channel").select_option(label=fb_page.name)
    page.locator("#id_account_id").fill(PAGE)
    page.locator("#id_access_token").fill(TOKEN)
    page.locator("#id_app_secret").fill("the-app-secret")
    page.locator("#id_verify_token").fill("vt-1")
    page.locator("#id_api_base_url").fill(fake_graph.url)
    page.locator("main form.stacked button[type=submit]").click()
    page.wait_for_url("**/connections/")
    html = page.content()
    assert TOKEN not in html and "the-app-secret" not in html and "vt-1" not in html
    assert "••••" + TOKEN[-4:] in page.inner_text("main")
    assert axe_violations(page) == []

    account = ConnectedAccount.objects.get()
    page.locator(f"form[action='/connections/{account.pk}/test/'] button").click()
    page.wait_for_url("**/connections/")
    assert f"Rakkestad kommune (demo) ({PAGE})" in page.inner_text("main")

    page.locator(f"form[action='/connections/{account.pk}/backfill/'] button").click()
    page.wait_for_url("**/connections/")
    assert account_backfill_run.call(account.pk) == "done"
    assert Item.objects.filter(channel=fb_page).count() > 5
    page.reload()
    assert axe_violations(page) == []


def test_others_do_not_get_the_connections_page(client, make_user):
    log_in(client, make_user(Role.ADMIN))
    assert client.get("/connections/").status_code == 403

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from conftest import log_in
from somevakt.inbox.services import item_ingest
from somevakt.organisation.models import Role
from somevakt.policy.services import policy_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_moderator_sees_the_rule_the_words_and_why(page, axe_violations, make_user, main_page,
                                                     make_event):  # fmt: skip
    policy_load(path=settings.SOMEVAKT_DEFAULT_POLICY, actor=None)
    make_user(Role.ADMIN, username="moderator")
    item_ingest(event=make_event(external_id="1", text="Takk for god brøyting i dag!"))
    item_ingest(event=make_event(external_id="2", text="Du er en IDIOOOT, ordfører."))

    log_in(page, User.objects.get(username="moderator"))
    page.get_by_label("Bare elementer som må modereres").check()
    page.wait_for_url("**/inbox/?*needs_moderation=on*")

    rows = page.locator("table.items tbody tr")
    assert rows.count() == 1
    assert rows.first.locator(".badge.rule").inner_text() == "D5"
    assert axe_violations(page) == []

    rows.first.get_by_role("link").first.click()
    finding = page.locator(".finding").first
    finding.wait_for()
    assert page.locator("mark[data-rule=D5]").inner_text() == "IDIOOOT"
    assert "Personangrep" in finding.inner_text()
    assert finding.get_by_role("link", name="D5").get_attribute("href").endswith("/policy/#D5")
    assert axe_violations(page) == []

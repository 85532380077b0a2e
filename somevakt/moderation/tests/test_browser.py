import pytest
from django.conf import settings
from django.contrib.auth.models import User

from conftest import log_in
from somevakt.inbox.services import item_ingest
from somevakt.moderation.models import DeletionRecord, FeedbackState, ModerationCase, Strike
from somevakt.organisation.models import Role
from somevakt.policy.services import policy_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_hides_and_proposes_informasjonsansvarlig_approves(
    page, axe_violations, make_user, main_page, make_event, platform, deliver
):
    policy_load(path=settings.SOMEVAKT_DEFAULT_POLICY, actor=None)
    make_user(Role.ADMIN, username="moderator")
    make_user(Role.INFORMASJONSANSVARLIG, username="ingrid")
    item_ingest(event=make_event(external_id="100200300_1", text="Takk for god brøyting i dag!"))
    item_ingest(
        event=make_event(
            external_id="100200300_2",
            author={"id": "troll9", "name": "Trine Troll"},
            text="Du er en IDIOOOT, ordfører.",
        )
    )

    log_in(page, User.objects.get(username="moderator"))
    page.get_by_role("link", name="Moderering").click()
    rows = page.locator("tr.case")
    assert rows.count() == 1 and "D5" in rows.first.inner_text()
    assert axe_violations(page) == []
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    page.wait_for_url("**/moderation/cases/*/")
    assert page.locator("mark[data-rule=D5]").inner_text() == "IDIOOOT"
    assert axe_violations(page) == []
    page.get_by_role("button", name="Skjul nå").click()
    page.get_by_role("status").wait_for()
    assert "skjules" in page.get_by_role("status").inner_text()
    deliver()
    assert "100200300_2" in platform.hidden
    page.get_by_label("Begrunnelse", exact=True).fill("Kaller ordføreren idiot")
    page.get_by_role("button", name="Foreslå sletting").click()
    page.get_by_role("status").wait_for()
    assert "Sletting foreslått" in page.locator("h1").inner_text()
    page.get_by_role("button", name="Logg ut").click()

    log_in(page, User.objects.get(username="ingrid"))
    page.get_by_role("link", name="Godkjenninger").click()
    assert axe_violations(page) == []
    case = ModerationCase.objects.get()
    page.get_by_role("button", name=f"Godkjenn sletting av sak {case.pk}").click()
    page.get_by_role("status").wait_for()
    deliver()  # the worker
    assert platform.deleted == {"100200300_2"}
    case.refresh_from_db()
    assert case.state == "executed"
    record = DeletionRecord.objects.get(case=case)
    assert record.executed_at and record.content["text"] == "Du er en IDIOOOT, ordfører."
    assert case.feedback.state == FeedbackState.SENT
    assert platform.effects[-2]["message"] == case.feedback.text == record.feedback_text
    assert Strike.objects.filter(author__platform_author_id="troll9").count() == 1

    page.goto(f"/moderation/cases/{case.pk}/")
    assert "Slettet" in page.locator("h1").inner_text()
    assert "D5" in page.locator("#feedback-text").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Trine Troll").click()
    assert page.locator(".strikes").inner_text().startswith("1 ")
    assert axe_violations(page) == []

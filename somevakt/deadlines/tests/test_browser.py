import datetime

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from conftest import log_in
from somevakt.inbox.services import item_ingest
from somevakt.organisation.models import Role
from somevakt.policy.services import policy_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_overview_lists_an_overdue_question_first_and_passes_axe(
    page, axe_violations, make_user, main_page, make_event
):
    # Given a question asked two weeks ago and one asked just now,
    policy_load(path=settings.SOMEVAKT_DEFAULT_POLICY, actor=None)
    make_user(Role.ADMIN, username="moderator")
    now = datetime.datetime.now(datetime.UTC)
    long_ago = now - datetime.timedelta(days=14)
    item_ingest(event=make_event("old", text="Når blir Storgata brøytet?", published_at=long_ago,
                                 occurred_at=long_ago))  # fmt: skip
    item_ingest(event=make_event("new", text="Når åpner biblioteket?", published_at=now,
                                 occurred_at=now))  # fmt: skip
    # and one answered by the page, for the figures,
    item_ingest(event=make_event("done", text="Når er svømmehallen åpen?", published_at=long_ago,
                                 occurred_at=long_ago))  # fmt: skip
    later = long_ago + datetime.timedelta(hours=1)
    item_ingest(event=make_event("reply", kind="comment", thread_external_id="done",
                                 parent_external_id="done", text="Hei! Den er åpen 7–21.",
                                 author={"id": main_page.external_id, "name": "Kommunen"},
                                 published_at=later, occurred_at=later))  # fmt: skip

    # when an admin opens the deadline overview,
    log_in(page, User.objects.get(username="moderator"))
    page.get_by_role("link", name="Svarfrister").click()
    page.wait_for_url("**/deadlines/")

    # then the old question is listed first, marked overdue, and counted for the channel.
    rows = page.locator("table.questions tbody tr")
    assert rows.count() == 2
    assert "Storgata" in rows.first.inner_text()
    assert rows.first.locator(".badge.overdue").inner_text() == "Forfalt"
    per_channel = page.locator("table.counts").first.locator("tbody tr").first
    assert per_channel.locator("td").nth(2).inner_text() == "1"  # overdue
    assert page.locator("table.figures tbody tr .bar").count() >= 1
    assert axe_violations(page) == []

    # and assigning it to oneself shows under the person.
    rows.first.get_by_label("Tildel").select_option(label="moderator")
    rows.first.get_by_role("button", name="Tildel").click()
    page.wait_for_url("**/deadlines/")
    assert "moderator" in page.locator("table.counts").nth(1).inner_text()
    assert axe_violations(page) == []

import datetime

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from conftest import log_in
from somevakt.inbox.services import item_ingest
from somevakt.organisation.models import Role
from somevakt.policy.services import policy_load
from somevakt.reports.services import insight_record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_overview_draws_charts_with_numbers_a_click_away_and_passes_axe(
    page, axe_violations, make_user, main_page, make_event
):
    # Given a question, an answer and a week of platform insights,
    policy_load(path=settings.SOMEVAKT_DEFAULT_POLICY, actor=None)
    make_user(Role.INFORMASJONSANSVARLIG, username="ingrid")
    now = datetime.datetime.now(datetime.UTC)
    item_ingest(event=make_event("q", text="Når blir Storgata brøytet?", published_at=now,
                                 occurred_at=now))  # fmt: skip
    for days in range(7):
        insight_record(actor=None, channel=main_page, source="facebook-insights",
                       date=(now - datetime.timedelta(days=days)).date(), followers=1200 - days,
                       reach=300)  # fmt: skip

    # when the informasjonsansvarlig logs in and opens the reports from the menu,
    log_in(page, User.objects.get(username="ingrid"))
    page.locator("nav a[href='/reports/']").click()
    page.wait_for_url("**/reports/")

    # then every figure is a chart that names itself, its numbers one click away,
    charts = page.locator("svg.chart[role=img]")
    assert charts.count() >= 6
    dialogue = page.locator("section.figure", has=page.locator("#chart-dialogue-title"))
    table = dialogue.locator("table.figure-table")
    assert not table.is_visible()
    dialogue.locator("summary").click()
    assert table.is_visible()
    assert table.locator("tbody tr").last.locator("td").first.inner_text() == "1"
    # and the page has no WCAG 2.1 A/AA violation, also by month.
    assert axe_violations(page) == []
    page.locator("#period-kind").select_option("month")
    page.locator("form.period-chooser button").click()
    page.wait_for_url("**/reports/?kind=month*")
    assert axe_violations(page) == []


def test_the_crisis_view_passes_axe(page, axe_violations, make_user, main_page):
    from somevakt.deadlines.services import crisis_start

    policy_load(path=settings.SOMEVAKT_DEFAULT_POLICY, actor=None)
    user = make_user(Role.INFORMASJONSANSVARLIG, username="ingrid")
    crisis_start(actor=user, channels=[main_page], reason="Flom i sentrum")
    log_in(page, user)
    page.goto("/reports/crisis/")
    assert "Flom i sentrum" in page.locator("main").inner_text()
    assert axe_violations(page) == []

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from conftest import log_in
from somevakt.connectors.base import connector_class
from somevakt.connectors.fakeplatform import insight_figures
from somevakt.connectors.services import (
    INSIGHTS_FIRST_DAYS,
    INSIGHTS_RETRY,
    account_insights_fetch,
    accounts_insights_due,
)
from somevakt.connectors.tests.conftest import PAGE
from somevakt.reports.models import ChannelInsight

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 26)
YESTERDAY = TODAY - datetime.timedelta(days=1)
NOW = timezone.make_aware(datetime.datetime(2026, 11, 26, 12, 0))  # in Oslo


def insight_calls(fake_graph):
    return [fields for _m, path, fields in fake_graph.requests if path == f"{PAGE}/insights"]


def test_the_ended_days_are_recorded_with_the_graphs_figures(fb_account, fake_graph):
    recorded = account_insights_fetch(account=fb_account, now=NOW)

    first = YESTERDAY - datetime.timedelta(days=INSIGHTS_FIRST_DAYS - 1)
    [asked] = insight_calls(fake_graph)
    assert asked["metric"] == "page_follows,page_impressions_unique,page_impressions"
    assert (asked["period"], asked["since"], asked["until"]) == ("day", str(first), str(TODAY))
    insights = list(ChannelInsight.objects.filter(channel=fb_account.channel).order_by("date"))
    assert recorded == INSIGHTS_FIRST_DAYS == len(insights)
    assert (insights[0].date, insights[-1].date) == (first, YESTERDAY)  # not today: not ended
    figures = insight_figures(PAGE, YESTERDAY)
    assert (insights[-1].followers, insights[-1].reach, insights[-1].impressions) == (
        figures["page_follows"],
        figures["page_impressions_unique"],
        figures["page_impressions"],
    )
    assert {i.source for i in insights} == {"facebook"}
    fb_account.refresh_from_db()
    assert fb_account.insights_through == YESTERDAY and fb_account.insights_error == ""


def test_a_rerun_replaces_days_and_records_each_day_once(fb_account, fake_graph):
    account_insights_fetch(account=fb_account, now=NOW)
    ChannelInsight.objects.filter(date=YESTERDAY).update(reach=1)  # as first reported

    fb_account.refresh_from_db()
    account_insights_fetch(account=fb_account, now=NOW)  # run again the same day
    fb_account.refresh_from_db()
    account_insights_fetch(account=fb_account, now=NOW + datetime.timedelta(days=1))

    assert ChannelInsight.objects.count() == INSIGHTS_FIRST_DAYS + 1
    assert (
        ChannelInsight.objects.get(date=YESTERDAY).reach
        == (insight_figures(PAGE, YESTERDAY)["page_impressions_unique"])
    )
    # The next day asks for the new day and the last days again (platforms revise them).
    assert insight_calls(fake_graph)[-1]["since"] == str(YESTERDAY - datetime.timedelta(days=2))


def test_the_runner_fetches_once_a_day_after_the_day_ended(fb_account, fake_graph):
    now = NOW
    assert accounts_insights_due(now=now) == INSIGHTS_FIRST_DAYS
    assert accounts_insights_due(now=now + datetime.timedelta(hours=1)) == 0
    assert len(insight_calls(fake_graph)) == 1

    tomorrow = now + datetime.timedelta(days=1)
    accounts_insights_due(now=tomorrow)
    fb_account.refresh_from_db()
    assert fb_account.insights_through == TODAY
    assert len(insight_calls(fake_graph)) == 2


def test_the_poll_command_records_the_insights(fb_account, capsys):
    call_command("poll")

    assert f"recorded insights for {INSIGHTS_FIRST_DAYS} days" in capsys.readouterr().out


def test_throttling_makes_the_account_wait_without_an_error(fb_account, fake_graph):
    fake_graph.failures.append((400, 4))

    assert account_insights_fetch(account=fb_account, now=NOW) == 0
    asked = len(fake_graph.requests)
    assert account_insights_fetch(account=fb_account, now=NOW) == 0  # waiting: no call

    fb_account.refresh_from_db()
    assert fb_account.throttled_until > NOW
    assert len(fake_graph.requests) == asked and not ChannelInsight.objects.exists()
    assert fb_account.insights_error == "" and fb_account.insights_checked_at is None

    fb_account.throttled_until = None  # the wait is over
    assert account_insights_fetch(account=fb_account, now=NOW) == INSIGHTS_FIRST_DAYS


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ({"error_free": True}, "no 'data' list"),
        ({"data": [{"name": "page_follows", "values": "many"}]}, "'values' list"),
        (
            {"data": [{"name": "page_follows", "values": [{"value": "12", "end_time": "x"}]}]},
            "page_follows: {'value': '12'",
        ),
        (
            {
                "data": [
                    {
                        "name": "page_impressions_unique",
                        "period": "day",
                        "values": [{"value": -3, "end_time": "2026-11-25T08:00:00+0000"}],
                    }
                ]
            },
            "is not a count",
        ),
    ],
)
def test_a_malformed_answer_is_kept_on_the_account_and_nothing_recorded(
    fb_account, fake_graph, answer, reason
):
    fake_graph.answers[f"{PAGE}/insights"] = answer
    now = NOW

    assert accounts_insights_due(now=now) == 0

    fb_account.refresh_from_db()
    assert f"Facebook's insights for page {PAGE} could not be read" in fb_account.insights_error
    assert reason in fb_account.insights_error
    assert not ChannelInsight.objects.exists() and fb_account.insights_through is None
    # Tried again after a while, not on every round.
    asked = len(fake_graph.requests)
    accounts_insights_due(now=now + datetime.timedelta(minutes=5))
    assert len(fake_graph.requests) == asked
    del fake_graph.answers[f"{PAGE}/insights"]
    assert accounts_insights_due(now=now + INSIGHTS_RETRY * 2) == INSIGHTS_FIRST_DAYS
    fb_account.refresh_from_db()
    assert fb_account.insights_error == ""


def test_a_refused_call_is_kept_on_the_account(fb_account, fake_graph):
    fb_account.access_token = "expired-token"  # noqa: S105

    assert account_insights_fetch(account=fb_account, now=NOW) == 0

    fb_account.refresh_from_db()
    assert "Invalid OAuth access token" in fb_account.insights_error


def test_connectors_without_insights_say_so():
    assert connector_class("facebook").insights_offered
    for platform in ("instagram", "youtube", "x", "wordpress", "mastodon"):
        connector = connector_class(platform).demo()
        assert not connector.insights_offered
        with pytest.raises(NotImplementedError, match="offers no insights"):
            connector.insights(YESTERDAY, YESTERDAY)


def test_the_connections_page_shows_how_far_insights_are_recorded_or_why_not(
    client, informasjonsansvarlig, fb_account, fake_graph
):
    log_in(client, informasjonsansvarlig)
    fake_graph.answers[f"{PAGE}/insights"] = {"data": None}
    account_insights_fetch(account=fb_account, now=NOW)
    assert "could not be read: the answer has no" in client.get("/connections/").text

    del fake_graph.answers[f"{PAGE}/insights"]
    fb_account.refresh_from_db()
    account_insights_fetch(account=fb_account, now=NOW)
    assert "25.11.2026" in client.get("/connections/").text

from datetime import UTC, datetime

import pytest

from somevakt.connectors.capabilities import PlatformAction
from somevakt.connectors.client import PlatformError, Target
from somevakt.connectors.platforms.base import Unsupported
from somevakt.connectors.platforms.fakes.server import Answer
from somevakt.connectors.platforms.fakes.youtube import (
    ACCESS_TOKEN,
    CHANNEL,
    FakeYouTube,
    make_comment,
)
from somevakt.connectors.platforms.youtube import QuotaExhausted, QuotaLedger, YouTubeConnector
from somevakt.inbox.models import Item
from somevakt.inbox.services import items_ingest
from somevakt.sources.models import ChannelType, Platform

NOON = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


@pytest.fixture
def fake():
    with FakeYouTube() as server:
        yield server


def _connector(fake, budget=10_000, token=ACCESS_TOKEN, state=None):
    ledger = QuotaLedger(budget=budget, state=state if state is not None else {}, now=lambda: NOON)
    return YouTubeConnector(
        channel=CHANNEL, access_token=token, base_url=f"{fake.url}/youtube/v3", quota=ledger
    )


@pytest.fixture
def youtube_channel(make_channel):
    return make_channel(ChannelType.YOUTUBE, Platform.YOUTUBE, external_id=CHANNEL)


def _threads(fake, count, replies_each=0, start=0):
    for n in range(start, start + count):
        top = make_comment(
            f"c{n}", at=f"2026-11-{1 + n // 1440:02}T{n // 60 % 24:02}:{n % 60:02}:00Z"
        )
        replies = [
            make_comment(f"c{n}.r{r}", parent=f"c{n}", at=top["snippet"]["updatedAt"])
            for r in range(replies_each)
        ]
        fake.add_thread(top, replies)


def test_threads_and_all_their_replies_are_ingested_with_their_shape(db, fake, youtube_channel):
    _threads(fake, 2, replies_each=7)  # more replies than a thread carries

    result = _connector(fake).poll()
    items_ingest(events=result.events)

    assert Item.objects.count() == 16
    reply = Item.objects.get(external_id="c1.r6")
    assert (reply.kind, reply.parent.external_id, reply.thread.external_id) == (
        "reply",
        "c1",
        "video1",
    )
    assert Item.objects.get(external_id="c0").author.display_name == "Kari Nordmann"


def test_paging_follows_the_page_token_and_the_next_poll_stops_at_old_threads(db, fake):
    _threads(fake, 250)
    connector = _connector(fake)

    first = connector.poll()
    _threads(fake, 3, start=1000)
    second = connector.poll(first.cursor)

    assert (len(first.events), first.pages) == (250, 3)
    # The first page holds the new threads; the second holds nothing new, so it stops there.
    assert second.pages == 2 and {e.external_id for e in second.events} >= {
        "c1000",
        "c1001",
        "c1002",
    }


def test_every_call_is_charged_at_the_documented_unit_cost(db, fake):
    _threads(fake, 150, replies_each=6)  # 2 pages of threads, 150 comments.list calls
    connector = _connector(fake)

    connector.poll()
    connector.perform(PlatformAction.HIDE, Target(object_id="c3"))
    connector.perform(PlatformAction.REPLY, Target(object_id="c3"), text="Takk!")

    assert connector.quota.used == 2 + 150 + 50 + 50 == fake.units_used


def test_a_spent_budget_waits_for_the_pacific_midnight_reset_without_calling(db, fake):
    _threads(fake, 3)
    state = {"day": "2026-11-26", "used": 9_999}
    connector = _connector(fake, state=state)

    with pytest.raises(QuotaExhausted) as refused:
        connector.perform(PlatformAction.HIDE, Target(object_id="c1"))
    poll = connector.poll()

    assert fake.requests[-1].path.endswith("commentThreads") and len(fake.requests) == 1
    assert refused.value.wait_seconds == 20 * 3600  # 04:00 Pacific -> midnight
    assert poll.wait_seconds is None and len(poll.events) == 3  # 1 unit was still left


def test_the_budget_resets_on_the_next_pacific_day(fake):
    ledger = QuotaLedger(budget=10, state={"day": "2026-11-25", "used": 10}, now=lambda: NOON)

    ledger.spend("commentThreads.list")

    assert ledger.state == {"day": "2026-11-26", "used": 1}


def test_google_saying_quota_exceeded_is_a_wait_and_the_poll_keeps_its_place(db, fake):
    _threads(fake, 150)
    fake.daily_quota = 1
    connector = _connector(fake)

    throttled = connector.poll()
    fake.daily_quota = 10_000
    connector.quota.state.clear()
    resumed = connector.poll(throttled.cursor)

    assert throttled.wait_seconds == 20 * 3600 and len(throttled.events) == 100
    assert throttled.cursor["page_token"] == "100"
    assert len(resumed.events) == 50 and resumed.cursor["seen_until"]


def test_a_rate_limit_is_a_short_wait(db, fake):
    fake.inject(Answer(403, {"error": {"errors": [{"reason": "rateLimitExceeded"}]}}))

    assert _connector(fake).poll().wait_seconds == 60


@pytest.mark.parametrize(
    ("action", "status", "ban"),
    [
        (PlatformAction.HIDE, "heldForReview", False),
        (PlatformAction.UNHIDE, "published", False),
        (PlatformAction.DELETE, "rejected", False),
        (PlatformAction.BAN, "rejected", True),
    ],
)
def test_moderation_is_set_moderation_status(fake, action, status, ban):
    _threads(fake, 1)

    _connector(fake).perform(action, Target(object_id="c0", user_id="UCauthor1"))

    assert fake.effects == [
        {"effect": "moderate", "comment": "c0", "status": status, "ban_author": ban}
    ]


def test_a_reply_to_a_reply_answers_its_top_level_comment(fake):
    _threads(fake, 1, replies_each=1)

    _connector(fake).perform(PlatformAction.REPLY, Target(object_id="c0.r0"), text="Hei!")

    assert fake.effects == [{"effect": "reply", "parent": "c0", "text": "Hei!"}]


def test_lifting_a_ban_is_not_offered_and_a_ban_needs_a_comment(fake):
    with pytest.raises(Unsupported):
        _connector(fake).perform(PlatformAction.UNBAN, Target(user_id="UCauthor1"))
    with pytest.raises(Unsupported, match="YouTube"):
        _connector(fake).perform(PlatformAction.BAN, Target(user_id="UCauthor1"))
    assert fake.requests == []


def test_a_bad_token_is_a_permanent_error(fake):
    with pytest.raises(PlatformError) as error:
        _connector(fake, token="expired").poll()

    assert error.value.retryable is False

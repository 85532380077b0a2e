from datetime import UTC, datetime

import pytest

from somevakt.connectors.base import PermanentError, Target, ThrottledError
from somevakt.connectors.capabilities import PlatformAction
from somevakt.connectors.platforms.common import Unsupported
from somevakt.connectors.platforms.fakes.server import Answer
from somevakt.connectors.platforms.fakes.youtube import (
    ACCESS_TOKEN,
    CHANNEL,
    FakeYouTube,
    make_comment,
)
from somevakt.connectors.platforms.youtube import QuotaExhausted, QuotaLedger, YouTubeConnector
from somevakt.connectors.tests.platform_support import backfill_all, events, poll_until_done
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


def test_threads_and_all_their_replies_are_backfilled_with_their_shape(db, fake, youtube_channel):
    _threads(fake, 2, replies_each=7)  # more replies than a thread carries

    changes, pages = backfill_all(_connector(fake))
    items_ingest(events=events(changes))

    assert Item.objects.count() == 16
    reply = Item.objects.get(external_id="c1.r6")
    assert (reply.kind, reply.parent.external_id, reply.thread.external_id) == (
        "reply",
        "c1",
        "video1",
    )
    assert Item.objects.get(external_id="c0").author.display_name == "Kari Nordmann"


def test_held_and_rejected_comments_arrive_hidden_and_removed(db, fake, youtube_channel):
    fake.add_thread(make_comment("held", status="heldForReview"))
    fake.add_thread(make_comment("gone", status="rejected"))

    items_ingest(events=events(backfill_all(_connector(fake))[0]))

    assert Item.objects.get(external_id="held").is_hidden_on_platform
    assert Item.objects.get(external_id="gone").is_deleted_on_platform


def test_the_backfill_follows_the_page_token(db, fake):
    _threads(fake, 250)

    changes, pages = backfill_all(_connector(fake))

    assert (len(changes), pages) == (250, 3)


def test_a_poll_takes_only_what_is_newer_and_stops_at_a_page_with_nothing_new(db, fake):
    _threads(fake, 250)
    connector = _connector(fake)
    mark = {"seen_until": "2026-11-01T04:09:00Z"}  # the newest of the 250
    _threads(fake, 103, start=1000)

    changes, cursor, pages = poll_until_done(connector, mark)

    # Pages 1 and 2 hold the 103 new threads; page 3 holds none, so page 4 is not asked for.
    assert (len(changes), pages) == (103, 3)
    assert cursor == {"seen_until": "2026-11-01T18:22:00Z"}


def test_a_first_poll_starts_now(db, fake):
    _threads(fake, 3)

    page = _connector(fake).poll(None)

    assert page.changes == [] and fake.requests == [] and page.cursor["seen_until"]


def test_every_call_is_charged_at_the_documented_unit_cost(db, fake):
    _threads(fake, 150, replies_each=6)  # 2 pages of threads, 150 comments.list calls
    connector = _connector(fake)

    backfill_all(connector)
    connector.act(PlatformAction.HIDE, Target(object_id="c3"))
    connector.act(PlatformAction.REPLY, Target(object_id="c3"), text="Takk!")

    assert connector.quota.used == 2 + 150 + 50 + 50 == fake.units_used


def test_a_spent_budget_waits_for_the_pacific_midnight_reset_without_calling(db, fake):
    _threads(fake, 3)
    connector = _connector(fake, state={"day": "2026-11-26", "used": 9_999})

    with pytest.raises(ThrottledError) as refused:
        connector.act(PlatformAction.HIDE, Target(object_id="c1"))
    changes, _ = backfill_all(connector)  # 1 unit is still left

    assert refused.value.retry_after.total_seconds() == 20 * 3600  # 04:00 Pacific -> midnight
    assert len(fake.requests) == 1 and len(changes) == 3


def test_the_budget_resets_on_the_next_pacific_day(fake):
    ledger = QuotaLedger(budget=10, state={"day": "2026-11-25", "used": 10}, now=lambda: NOON)

    ledger.spend("commentThreads.list")

    assert ledger.state == {"day": "2026-11-26", "used": 1}


def test_the_quota_spent_is_kept_on_the_connected_account(db, fake, youtube_channel):
    from somevakt.connectors.models import ConnectedAccount

    account = ConnectedAccount.objects.create(
        channel=youtube_channel,
        platform="youtube",
        account_id=CHANNEL,
        access_token=ACCESS_TOKEN,
        api_base_url=f"{fake.url}/youtube/v3",
    )
    _threads(fake, 1)

    YouTubeConnector.for_account(account).backfill(None)

    assert ConnectedAccount.objects.get().rate_limit["quota"]["used"] == 1


def test_google_saying_quota_exceeded_is_a_wait_and_the_cursor_is_kept(db, fake):
    _threads(fake, 150)
    connector = _connector(fake)
    first = connector.backfill(None)
    fake.daily_quota = 1

    with pytest.raises(QuotaExhausted) as throttled:
        connector.backfill(first.cursor)
    fake.daily_quota = 10_000
    connector.quota.state.clear()  # the next Pacific day
    second = connector.backfill(first.cursor)

    assert throttled.value.retry_after.total_seconds() > 0
    assert connector.quota.used == 1 and len(first.changes) + len(second.changes) == 150


def test_a_rate_limit_is_a_short_wait(db, fake):
    fake.inject(Answer(403, {"error": {"errors": [{"reason": "rateLimitExceeded"}]}}))

    with pytest.raises(ThrottledError) as throttled:
        _connector(fake).backfill(None)

    assert throttled.value.retry_after.total_seconds() == 60


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

    _connector(fake).act(action, Target(object_id="c0", user_id="UCauthor1"))

    assert fake.effects == [
        {"effect": "moderate", "comment": "c0", "status": status, "ban_author": ban}
    ]


def test_a_reply_to_a_reply_answers_its_top_level_comment(fake):
    _threads(fake, 1, replies_each=1)

    _connector(fake).act(PlatformAction.REPLY, Target(object_id="c0.r0"), text="Hei!")

    assert fake.effects == [{"effect": "reply", "parent": "c0", "text": "Hei!"}]


def test_lifting_a_ban_is_not_offered_and_a_ban_needs_a_comment(fake):
    with pytest.raises(Unsupported):
        _connector(fake).act(PlatformAction.UNBAN, Target(user_id="UCauthor1"))
    with pytest.raises(Unsupported, match="YouTube"):
        _connector(fake).act(PlatformAction.BAN, Target(user_id="UCauthor1"))
    assert fake.requests == []


def test_a_bad_token_is_a_permanent_error(fake):
    with pytest.raises(PermanentError, match="401"):
        _connector(fake, token="expired").backfill(None)


def test_the_connection_test_names_the_channel_and_the_quota_left(fake):
    connector = _connector(fake)

    assert connector.test_connection() == (
        f"Rakkestad kommune ({CHANNEL}); 9999 quota units left today"
    )

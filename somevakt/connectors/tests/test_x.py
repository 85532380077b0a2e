from datetime import UTC, datetime, timedelta

import pytest

from somevakt.connectors.base import PermanentError, Target, ThrottledError
from somevakt.connectors.capabilities import PlatformAction
from somevakt.connectors.platforms.common import Unsupported, now_utc
from somevakt.connectors.platforms.fakes.server import Answer
from somevakt.connectors.platforms.fakes.x import ACCESS_TOKEN, ACCOUNT, FakeX
from somevakt.connectors.platforms.x import XConnector, snowflake_time
from somevakt.connectors.tests.platform_support import backfill_all, events, poll_until_done
from somevakt.inbox.models import Item
from somevakt.inbox.services import items_ingest
from somevakt.sources.models import ChannelType, Platform


@pytest.fixture
def fake():
    with FakeX() as server:
        server.add_user("42", "Ola Nordmann", "ola")
        server.add_user("43", "Kari Nordmann", "kari")
        yield server


@pytest.fixture
def x_account(make_channel):
    return make_channel(ChannelType.X_ACCOUNT, Platform.X, external_id=ACCOUNT)


def _connector(fake, token=ACCESS_TOKEN):
    return XConnector(user_id=ACCOUNT, access_token=token, base_url=f"{fake.url}/2")


def _soon(minutes):
    return now_utc() + timedelta(minutes=minutes)


def test_the_recorded_search_answer_becomes_posts_at_the_time_in_their_ids(fake):
    cursor = {
        "start_time": "2022-10-01T00:00:00Z",
        "since": {},
        "conversations": {},
        "queue": ["conversation:1578511538419212288"],
    }

    page = _connector(fake).poll(cursor)

    found = events(page.changes)
    assert len(found) == 10
    assert found[0].external_id == "1578516068309794817"
    assert found[0].text == "2022-10-07 22:42:12.637103 tweepy"
    assert found[0].occurred_at.replace(microsecond=0) == datetime(
        2022, 10, 7, 22, 42, 12, tzinfo=UTC
    )
    assert snowflake_time("1578516068309794817") == found[0].occurred_at


def test_own_posts_mentions_and_their_conversations_arrive_threaded(db, fake, x_account):
    connector = _connector(fake)
    start = connector.poll(None)
    post = fake.add_tweet("Brøytingen starter kl. 05.", at=_soon(1))
    comment = fake.add_tweet("Hva med Storgata?", author="42", at=_soon(2), reply_to=post)
    fake.add_tweet("Enig med Ola", author="43", at=_soon(3), reply_to=comment)
    fake.add_tweet("@rakkestad hei", author="43", at=_soon(4), mentions_us=True)
    fake.add_tweet("Hva med Storgata og Torget?", author="42", at=_soon(5), edit_of=comment)

    changes, cursor, pages = poll_until_done(connector, start.cursor)
    items_ingest(events=events(changes))

    assert pages == 3  # own posts, mentions, the new post's conversation
    by_kind = {item.external_id: item.kind for item in Item.objects.all()}
    assert by_kind == {
        post["id"]: "post",
        comment["id"]: "comment",
        fake.tweets[2]["id"]: "reply",
        fake.tweets[3]["id"]: "post",
    }
    edited = Item.objects.get(external_id=comment["id"])
    assert (edited.text, edited.version_count) == ("Hva med Storgata og Torget?", 2)
    assert edited.author.display_name == "Ola Nordmann"
    assert Item.objects.get(external_id=fake.tweets[2]["id"]).parent == edited


def test_the_next_round_asks_each_source_only_for_newer_ids(db, fake, x_account):
    connector = _connector(fake)
    start = connector.poll(None)
    post = fake.add_tweet("Info", at=_soon(1))
    _, cursor, _ = poll_until_done(connector, start.cursor)
    newer = fake.add_tweet("Spørsmål", author="42", at=_soon(2), reply_to=post)

    changes, cursor, _ = poll_until_done(connector, cursor)

    assert {c.external_id for c in changes} == {newer["id"]}
    assert cursor["since"]["tweets"] == post["id"]
    asked = [r.params for r in fake.requests if r.path == "/2/tweets/search/recent"]
    assert asked[-1]["since_id"] == post["id"]


def test_many_mentions_are_paged_with_the_next_token(db, fake, x_account):
    connector = _connector(fake)
    start = connector.poll(None)
    for n in range(250):
        fake.add_tweet(f"@rakkestad {n}", author="42", at=_soon(1), mentions_us=True)

    changes, _, pages = poll_until_done(connector, start.cursor)

    assert (len(changes), pages) == (250, 4)  # own posts (none), then 3 pages of mentions


def test_the_last_call_of_the_window_makes_the_next_one_wait_for_the_reset(db, fake):
    fake.rate_limit = 1
    connector = _connector(fake)
    start = connector.poll(None)

    connector.poll(start.cursor)  # the one call left for own posts
    asked = len(fake.requests)
    with pytest.raises(ThrottledError) as throttled:
        connector.poll(start.cursor)

    assert len(fake.requests) == asked  # it waited without asking
    assert 800 < throttled.value.retry_after.total_seconds() <= 900


def test_too_many_requests_is_a_wait_until_the_reset(db, fake):
    reset = int(now_utc().timestamp()) + 120
    fake.inject(
        Answer(
            429,
            {"title": "Too Many Requests"},
            {"x-rate-limit-remaining": "0", "x-rate-limit-reset": str(reset)},
        )
    )

    with pytest.raises(ThrottledError) as throttled:
        _connector(fake).test_connection()

    assert 100 < throttled.value.retry_after.total_seconds() <= 120


def test_the_wait_is_kept_on_the_connected_account(db, fake, x_account):
    from somevakt.connectors.models import ConnectedAccount

    account = ConnectedAccount.objects.create(
        channel=x_account,
        platform="x",
        account_id=ACCOUNT,
        access_token=ACCESS_TOKEN,
        api_base_url=f"{fake.url}/2",
    )
    fake.rate_limit = 1
    XConnector.for_account(account).test_connection()

    account.refresh_from_db()
    with pytest.raises(ThrottledError):
        XConnector.for_account(account).test_connection()
    assert account.throttled_until is not None and account.rate_limit["x"]["users/me"]


@pytest.mark.parametrize(
    ("action", "hidden"), [(PlatformAction.HIDE, True), (PlatformAction.UNHIDE, False)]
)
def test_replies_are_hidden_and_shown_again(fake, action, hidden):
    post = fake.add_tweet("Info")
    reply = fake.add_tweet("Tull", author="42", reply_to=post)

    answer = _connector(fake).act(action, Target(object_id=reply["id"]))

    assert answer == {"data": {"hidden": hidden}}
    assert fake.effects == [{"effect": "hide" if hidden else "unhide", "tweet": reply["id"]}]


def test_the_account_replies_in_the_thread(fake):
    post = fake.add_tweet("Info")
    question = fake.add_tweet("Når?", author="42", reply_to=post)

    _connector(fake).act(PlatformAction.REPLY, Target(object_id=question["id"]), text="Kl. 10.")

    assert fake.effects[0]["in_reply_to"] == question["id"]
    assert fake.tweets[-1]["conversation_id"] == post["id"]


def test_x_refuses_to_hide_a_post_that_is_not_a_reply(fake):
    post = fake.add_tweet("Ikke vår", author="42")

    with pytest.raises(PermanentError, match="403"):
        _connector(fake).act(PlatformAction.HIDE, Target(object_id=post["id"]))


@pytest.mark.parametrize(
    "action",
    [PlatformAction.DELETE, PlatformAction.BAN, PlatformAction.UNBAN, PlatformAction.PRIVATE_REPLY],
)
def test_what_x_does_not_offer_is_refused_without_a_call(fake, action):
    with pytest.raises(Unsupported):
        _connector(fake).act(action, Target(object_id="1", user_id="42"))

    assert fake.requests == []


def test_a_wrong_token_is_a_permanent_error(fake):
    with pytest.raises(PermanentError, match="401"):
        _connector(fake, token="nope").test_connection()


def test_the_backfill_reads_own_posts_then_mentions_page_by_page(db, fake, x_account):
    for n in range(150):
        fake.add_tweet(f"Innlegg {n}")
    fake.add_tweet("@rakkestad hei", author="43", mentions_us=True)

    changes, pages = backfill_all(_connector(fake))
    items_ingest(events=events(changes))

    assert pages == 3  # two pages of own posts, one of mentions
    assert Item.objects.filter(kind="post").count() == 151

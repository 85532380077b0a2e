import pytest

from somevakt.connectors.base import PermanentError, Target, ThrottledError
from somevakt.connectors.capabilities import PlatformAction
from somevakt.connectors.platforms.common import Unsupported
from somevakt.connectors.platforms.fakes.server import Answer
from somevakt.connectors.platforms.fakes.wordpress import (
    APPLICATION_PASSWORD,
    USER,
    FakeWordPress,
    comment,
)
from somevakt.connectors.platforms.wordpress import WordPressConnector
from somevakt.connectors.tests.platform_support import backfill_all, events, poll_until_done
from somevakt.inbox.models import Item
from somevakt.inbox.services import items_ingest
from somevakt.sources.models import ChannelType, Platform


@pytest.fixture
def fake():
    with FakeWordPress() as server:
        yield server


def _connector(fake, password=APPLICATION_PASSWORD):
    return WordPressConnector(
        site_url=f"{fake.url}/wp-json", channel="blogg", user=USER, application_password=password
    )


@pytest.fixture
def blog(make_channel):
    return make_channel(ChannelType.BLOG, Platform.WORDPRESS, external_id="blogg")


def _many(start, stop):
    return [
        comment(n, text=f"nr {n}", date=f"2020-01-01T00:{n // 60 % 60:02}:{n % 60:02}")
        for n in range(start, stop)
    ]


def test_the_documented_comment_is_backfilled_as_a_comment_on_its_post(db, fake, blog):
    changes, pages = backfill_all(_connector(fake))

    items_ingest(events=events(changes))

    item = Item.objects.get()
    assert (item.external_id, item.thread.external_id) == ("comment-2", "post-4")
    assert item.text == "This is a comment"
    assert item.author.display_name == "Internet of something or other"
    assert changes[0].payload["author_name"] == "Internet of something or other"  # kept raw


def test_a_reply_and_held_spam_and_trashed_comments_arrive_with_their_state(db, fake, blog):
    fake.add(
        comment(3, parent=2, text="Svar", date="2017-02-15T00:00:00"),
        comment(4, status="hold", text="Venter", date="2017-02-16T00:00:00"),
        comment(5, status="spam", text="Kjøp nå", date="2017-02-17T00:00:00"),
        comment(6, status="trash", text="Borte", date="2017-02-18T00:00:00"),
    )

    items_ingest(events=events(backfill_all(_connector(fake))[0]))

    reply = Item.objects.get(external_id="comment-3")
    assert (reply.kind, reply.parent.external_id) == ("reply", "comment-2")
    assert Item.objects.get(external_id="comment-4").is_hidden_on_platform
    assert Item.objects.get(external_id="comment-5").is_hidden_on_platform
    assert Item.objects.get(external_id="comment-6").is_deleted_on_platform


def test_the_backfill_pages_through_every_comment(db, fake, blog):
    fake.add(*_many(10, 260))

    changes, pages = backfill_all(_connector(fake))

    assert (len(changes), pages) == (251, 3)


def test_a_poll_starts_now_and_then_pages_through_what_is_new(db, fake, blog):
    connector = _connector(fake)
    start = connector.poll(None)
    fake.add(*(comment(n, date=f"2099-01-01T00:{n // 60:02}:{n % 60:02}") for n in range(10, 215)))

    changes, cursor, pages = poll_until_done(connector, start.cursor)
    again, _, _ = poll_until_done(connector, cursor)

    assert start.changes == []
    assert (len(changes), pages) == (205, 3)
    assert cursor == {"after": "2099-01-01T00:03:34"} and again == []


def test_throttling_is_a_wait_and_the_same_cursor_continues(db, fake, blog):
    fake.add(*_many(10, 50))
    connector = _connector(fake)
    fake.inject(Answer(429, {"code": "too_many_requests"}, {"Retry-After": "30"}))

    with pytest.raises(ThrottledError) as throttled:
        connector.backfill(None)
    changes, _ = backfill_all(connector)

    assert throttled.value.retry_after.total_seconds() == 30
    assert len(changes) == 41


def test_a_server_error_may_be_retried(db, fake, blog):
    fake.inject(Answer(502, {"message": "Bad gateway"}))

    with pytest.raises(Exception) as error:
        _connector(fake).backfill(None)

    assert error.value.retryable is True


def test_a_wrong_application_password_is_a_permanent_error(db, fake, blog):
    with pytest.raises(PermanentError, match="401"):
        _connector(fake, password="wrong").backfill(None)


@pytest.mark.parametrize(
    ("action", "status"),
    [
        (PlatformAction.HIDE, "hold"),
        (PlatformAction.UNHIDE, "approved"),
        (PlatformAction.DELETE, "trash"),
    ],
)
def test_moderation_sets_the_comment_status(fake, action, status):
    _connector(fake).act(action, Target(object_id="comment-2"))

    assert fake.effects == [{"effect": "status", "comment": 2, "status": status}]
    assert fake.comments[2]["status"] == status


def test_spam_is_a_status_too(fake):
    _connector(fake).set_status("comment-2", "spam")

    assert fake.effects == [{"effect": "status", "comment": 2, "status": "spam"}]


def test_a_reply_is_a_comment_on_the_same_post_answering_the_comment(fake):
    _connector(fake).act(PlatformAction.REPLY, Target(object_id="comment-2"), text="Takk!")

    assert fake.effects == [
        {"effect": "reply", "comment": 3, "parent": 2, "post": 4, "text": "Takk!"}
    ]


@pytest.mark.parametrize(
    "action", [PlatformAction.BAN, PlatformAction.UNBAN, PlatformAction.PRIVATE_REPLY]
)
def test_what_wordpress_does_not_offer_is_refused_without_a_call(fake, action):
    with pytest.raises(Unsupported):
        _connector(fake).act(action, Target(object_id="comment-2", user_id="5"))

    assert fake.requests == []


def test_acting_on_a_missing_comment_is_a_permanent_error(fake):
    with pytest.raises(PermanentError, match="Invalid comment ID"):
        _connector(fake).act(PlatformAction.HIDE, Target(object_id="comment-99"))

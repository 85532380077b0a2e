import pytest

from somevakt.connectors.capabilities import PlatformAction
from somevakt.connectors.client import PlatformError, Target
from somevakt.connectors.platforms.base import Unsupported
from somevakt.connectors.platforms.fakes.server import Answer
from somevakt.connectors.platforms.fakes.wordpress import (
    APPLICATION_PASSWORD,
    USER,
    FakeWordPress,
    comment,
)
from somevakt.connectors.platforms.wordpress import WordPressConnector
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


def test_the_documented_comment_is_ingested_as_a_comment_on_its_post(db, fake, blog):
    result = _connector(fake).poll()

    items_ingest(events=result.events)

    item = Item.objects.get()
    assert (item.external_id, item.thread.external_id) == ("comment-2", "post-4")
    assert item.text == "This is a comment"
    assert item.author.display_name == "Internet of something or other"
    assert result.cursor == {"after": "2017-02-14T00:00:00"}


def test_a_reply_held_and_spam_comment_arrive_with_their_state(db, fake, blog):
    fake.add(
        comment(3, parent=2, text="Svar", date="2017-02-15T00:00:00"),
        comment(4, status="hold", text="Venter", date="2017-02-16T00:00:00"),
        comment(5, status="spam", text="Kjøp nå", date="2017-02-17T00:00:00"),
        comment(6, status="trash", text="Borte", date="2017-02-18T00:00:00"),
    )

    items_ingest(events=_connector(fake).poll().events)

    reply = Item.objects.get(external_id="comment-3")
    assert (reply.kind, reply.parent.external_id) == ("reply", "comment-2")
    assert Item.objects.get(external_id="comment-4").is_hidden_on_platform
    assert Item.objects.get(external_id="comment-5").is_hidden_on_platform
    assert Item.objects.get(external_id="comment-6").is_deleted_on_platform


def test_polling_pages_through_every_comment_then_only_new_ones(db, fake, blog):
    fake.add(
        *(
            comment(n, text=f"nr {n}", date=f"2020-01-01T00:{n // 60:02}:{n % 60:02}")
            for n in range(10, 260)
        )
    )
    connector = _connector(fake)

    first = connector.poll()
    fake.add(comment(900, text="ny", date="2021-01-01T00:00:00"))
    second = connector.poll(first.cursor)

    assert (len(first.events), first.pages) == (251, 3)
    assert [e.external_id for e in second.events] == ["comment-900"]


def test_throttling_returns_a_wait_and_the_page_to_continue_from(db, fake, blog):
    fake.add(*(comment(n, date=f"2020-01-01T00:00:{n:02}") for n in range(10, 50)))
    connector = _connector(fake)
    fake.inject(Answer(429, {"code": "too_many_requests"}, {"Retry-After": "30"}))

    throttled = connector.poll()
    resumed = connector.poll(throttled.cursor)

    assert throttled.wait_seconds == 30 and throttled.events == []
    assert len(resumed.events) == 41 and resumed.wait_seconds is None


def test_a_wrong_application_password_is_a_permanent_error(db, fake, blog):
    with pytest.raises(PlatformError) as error:
        _connector(fake, password="wrong").poll()

    assert error.value.retryable is False and "401" in str(error.value)


@pytest.mark.parametrize(
    ("action", "status"),
    [
        (PlatformAction.HIDE, "hold"),
        (PlatformAction.UNHIDE, "approved"),
        (PlatformAction.DELETE, "trash"),
    ],
)
def test_moderation_sets_the_comment_status(fake, action, status):
    _connector(fake).perform(action, Target(object_id="comment-2"))

    assert fake.effects == [{"effect": "status", "comment": 2, "status": status}]
    assert fake.comments[2]["status"] == status


def test_spam_is_a_status_too(fake):
    _connector(fake).set_status("comment-2", "spam")

    assert fake.comments[2]["status"] == "spam"


def test_a_reply_is_a_comment_on_the_same_post_answering_the_comment(fake):
    _connector(fake).perform(PlatformAction.REPLY, Target(object_id="comment-2"), text="Takk!")

    assert fake.effects == [
        {"effect": "reply", "comment": 3, "parent": 2, "post": 4, "text": "Takk!"}
    ]


def test_a_ban_is_refused_with_the_reason(fake):
    with pytest.raises(Unsupported, match="WordPress"):
        _connector(fake).perform(PlatformAction.BAN, Target(user_id="5"))

    assert fake.requests == []


def test_acting_on_a_missing_comment_is_a_permanent_error(fake):
    with pytest.raises(PlatformError, match="Invalid comment ID") as error:
        _connector(fake).perform(PlatformAction.HIDE, Target(object_id="comment-99"))

    assert error.value.retryable is False

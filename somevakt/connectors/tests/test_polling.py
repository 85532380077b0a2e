"""The shared polling machinery that every polled platform's connector plugs into."""

import datetime

import pytest

from somevakt.connectors import base
from somevakt.connectors.base import Connector, IngestMode, Page, RawChange, ThrottledError
from somevakt.connectors.models import ConnectedAccount
from somevakt.connectors.selectors import accounts_due_for_poll
from somevakt.connectors.services import account_poll_step
from somevakt.inbox.events import ItemEvent
from somevakt.inbox.models import Item
from somevakt.sources.models import ChannelType

T0 = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)


class CountingBlog(Connector):
    """A polled platform whose every poll brings two new comments, or a throttle."""

    platform = "wordpress"
    ingest_modes = frozenset({IngestMode.POLL})
    throttle = False

    @classmethod
    def for_account(cls, account):
        return cls(account=account)

    def poll(self, cursor):
        if self.throttle:
            raise ThrottledError("slow down", retry_after=datetime.timedelta(minutes=1))
        start = (cursor or {}).get("next", 0)
        changes = [
            RawChange(
                dedup_key=f"c{n}",
                field="comment",
                verb="poll",
                payload={"id": n},
                external_id=str(n),
                event=ItemEvent(
                    platform="wordpress",
                    channel="blog1",
                    external_id=str(n),
                    kind="comment",
                    thread_external_id="post1",
                    text=f"Nr. {n}",
                    occurred_at=T0 + datetime.timedelta(minutes=n),
                ),
            )  # fmt: skip
            for n in range(start, start + 2)
        ]
        return Page(changes, {"next": start + 2})


@pytest.fixture
def blog_account(make_channel, monkeypatch):
    monkeypatch.setitem(base.CONNECTORS, "wordpress", f"{__name__}.CountingBlog")
    base.connector_class.cache_clear()
    channel = make_channel(ChannelType.BLOG, platform="wordpress", external_id="blog1")
    yield ConnectedAccount.objects.create(channel=channel, platform="wordpress", account_id="blog1")
    base.connector_class.cache_clear()


def test_polling_continues_from_the_stored_cursor(blog_account):
    every = datetime.timedelta(minutes=1)
    assert accounts_due_for_poll(every=every) == [blog_account]
    account_poll_step(account=blog_account)
    assert accounts_due_for_poll(every=every) == []  # just asked
    account_poll_step(account=ConnectedAccount.objects.get(pk=blog_account.pk))
    assert sorted(Item.objects.values_list("external_id", flat=True)) == ["0", "1", "2", "3"]
    assert ConnectedAccount.objects.get(pk=blog_account.pk).poll_cursor == {"next": 4}


def test_a_throttled_poll_keeps_its_cursor(blog_account, monkeypatch):
    account_poll_step(account=blog_account)
    monkeypatch.setattr(CountingBlog, "throttle", True)
    with pytest.raises(ThrottledError):
        account_poll_step(account=ConnectedAccount.objects.get(pk=blog_account.pk))
    assert ConnectedAccount.objects.get(pk=blog_account.pk).poll_cursor == {"next": 2}
    monkeypatch.setattr(CountingBlog, "throttle", False)
    assert accounts_due_for_poll(every=datetime.timedelta(0)) == []  # it waits its minute

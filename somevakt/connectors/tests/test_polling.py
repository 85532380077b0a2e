import threading

import pytest
from django.core.management import call_command

from somevakt.connectors.base import RawStatus
from somevakt.connectors.models import ConnectedAccount, RawEvent
from somevakt.connectors.platforms.fakes.mastodon import ACCESS_TOKEN as MASTODON_TOKEN
from somevakt.connectors.platforms.fakes.mastodon import ACCOUNT as MASTODON_ACCOUNT
from somevakt.connectors.platforms.fakes.mastodon import FakeMastodon
from somevakt.connectors.platforms.fakes.server import Answer
from somevakt.connectors.platforms.fakes.wordpress import (
    APPLICATION_PASSWORD,
    USER,
    FakeWordPress,
    comment,
)
from somevakt.connectors.platforms.mastodon import Backoff, MastodonConnector
from somevakt.connectors.services import (
    account_poll_step,
    accounts_poll_due,
    stream_changes_ingest,
)
from somevakt.inbox.models import Item
from somevakt.sources.models import ChannelType, Platform

pytestmark = pytest.mark.django_db


@pytest.fixture
def blog_account(make_channel):
    with FakeWordPress() as fake:
        channel = make_channel(ChannelType.BLOG, Platform.WORDPRESS, external_id="blogg")
        account = ConnectedAccount.objects.create(
            channel=channel,
            platform="wordpress",
            account_id="blogg",
            app_id=USER,
            access_token=APPLICATION_PASSWORD,
            api_base_url=f"{fake.url}/wp-json",
        )
        yield account, fake


def test_polling_starts_now_then_stores_new_comments_and_the_cursor(blog_account):
    account, fake = blog_account

    accounts_poll_due()
    fake.add(comment(10, text="Ny kommentar", date="2099-01-01T00:00:00"))
    account.refresh_from_db()
    account_poll_step(account=account)

    account.refresh_from_db()
    assert Item.objects.get().text == "Ny kommentar"
    assert account.poll_cursor == {"after": "2099-01-01T00:00:00"} and account.polled_at
    assert RawEvent.objects.get().source == "poll"


def test_a_throttled_poll_waits_on_the_account_and_keeps_the_cursor(blog_account):
    account, fake = blog_account
    account_poll_step(account=account)
    account.refresh_from_db()
    cursor = account.poll_cursor
    fake.inject(Answer(429, {"code": "too_many"}, {"Retry-After": "120"}))

    more = account_poll_step(account=account)
    asked = len(fake.requests)
    account_poll_step(account=account)  # still waiting: no call

    account.refresh_from_db()
    assert more is False and account.poll_cursor == cursor
    assert account.throttled_until is not None and len(fake.requests) == asked


def test_the_poll_command_polls_every_due_account(blog_account, capsys):
    call_command("poll")

    assert "polled 1 pages" in capsys.readouterr().out


def test_a_stream_feeds_the_ingestion_and_skips_deletions_of_unknown_statuses(make_channel):
    channel = make_channel(ChannelType.MASTODON, Platform.MASTODON, external_id=MASTODON_ACCOUNT)
    with FakeMastodon() as fake:
        account = ConnectedAccount.objects.create(
            channel=channel,
            platform="mastodon",
            account_id=MASTODON_ACCOUNT,
            access_token=MASTODON_TOKEN,
            api_base_url=fake.url,
        )
        connector = MastodonConnector.for_account(account)
        question = fake.make_status("Hei?", account_id="9", acct="ola")
        done = threading.Event()
        received = []

        def handle(changes):  # the database is the test's: ingest in its thread below
            received.append(changes)
            if len(received) == 3:
                done.set()

        stop = threading.Event()
        thread = threading.Thread(
            target=connector.stream,
            args=(handle,),
            kwargs={"stop": stop, "backoff": Backoff(first=0.01), "read_timeout": 5},
            daemon=True,
        )
        thread.start()
        fake.push("notification", fake.mention(question))
        fake.push("delete", question["id"])
        fake.push("delete", "404404")
        assert done.wait(10)
        stop.set()
        fake.drop()
        thread.join(5)
    for changes in received:
        stream_changes_ingest(account=account, changes=changes)

    assert Item.objects.get().is_deleted_on_platform
    statuses = dict(RawEvent.objects.values_list("external_id", "status"))
    assert statuses["404404"] == RawStatus.SKIPPED

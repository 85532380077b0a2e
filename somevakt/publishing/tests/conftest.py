"""Two real fake platforms on 127.0.0.1 (the Facebook Graph and a Mastodon instance),
a channel connected to each, and the outbox run as the worker runs it."""

import threading

import pytest

from somevakt.connectors.fakeplatform import FakePlatform, serve
from somevakt.connectors.models import ConnectedAccount
from somevakt.connectors.platforms.fakes.mastodon import ACCESS_TOKEN, ACCOUNT, FakeMastodon
from somevakt.publishing.services import target_due_ids
from somevakt.publishing.tasks import target_deliver
from somevakt.sources.models import ChannelType, Platform

PAGE = "1234567890321"
TOKEN = "page-token-for-tests-0123456789"  # noqa: S105


@pytest.fixture
def fake_graph():
    fake = FakePlatform(page_id=PAGE, token=TOKEN)
    server = serve(fake)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield fake
    server.shutdown()
    server.server_close()


@pytest.fixture
def fake_mastodon():
    with FakeMastodon() as server:
        yield server


@pytest.fixture
def facebook_page(make_channel, fake_graph):
    channel = make_channel(
        ChannelType.MAIN_PAGE, external_id=PAGE, name="Rakkestad kommune", slug="hovedside"
    )
    ConnectedAccount.objects.create(
        channel=channel,
        platform="facebook",
        account_id=PAGE,
        access_token=TOKEN,
        api_base_url=fake_graph.url,
    )
    return channel


@pytest.fixture
def mastodon_channel(make_channel, fake_mastodon):
    channel = make_channel(
        ChannelType.MASTODON,
        Platform.MASTODON,
        external_id=ACCOUNT,
        name="Rakkestad på Mastodon",
        slug="mastodon",
    )
    ConnectedAccount.objects.create(
        channel=channel,
        platform="mastodon",
        account_id=ACCOUNT,
        access_token=ACCESS_TOKEN,
        api_base_url=fake_mastodon.url,
    )
    return channel


@pytest.fixture
def local_page(make_channel, fake_graph):
    channel = make_channel(
        ChannelType.LOCAL_PAGE, external_id="5550001", name="Rakkestad kino", slug="kino"
    )
    ConnectedAccount.objects.create(
        channel=channel,
        platform="facebook",
        account_id="5550001",
        access_token=TOKEN,
        api_base_url=fake_graph.url,
    )
    return channel


@pytest.fixture
def deliver():
    """Run every due post on a channel as the worker would; returns how many ran."""

    def run() -> int:
        due = target_due_ids()
        for target_id in due:
            target_deliver.call(target_id)
        return len(due)

    return run

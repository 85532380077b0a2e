"""Publishing the municipality's own posts through the connectors, against the fakes."""

import pytest

from somevakt.connectors.base import PermanentError, connector_class
from somevakt.connectors.capabilities import (
    PostAction,
    publishing_supports,
    publishing_why_not,
)
from somevakt.connectors.facebook import FacebookConnector
from somevakt.connectors.platforms.fakes.mastodon import ACCESS_TOKEN, ACCOUNT, FakeMastodon
from somevakt.connectors.platforms.mastodon import MastodonConnector

from .conftest import PAGE


def test_a_facebook_post_is_in_the_feed_and_the_backfill_once(fb_account, fake_graph):
    connector = FacebookConnector.for_account(fb_account)
    published = connector.publish("Ny post fra kommunen", page_id=PAGE, key="post-1")
    again = connector.publish("Ny post fra kommunen", page_id=PAGE, key="post-1")
    assert again.external_id == published.external_id
    assert published.change.event.kind == "post"
    assert published.change.event.text == "Ny post fra kommunen"
    page = connector.backfill(None)
    found = [c for c in page.changes if c.external_id == published.external_id]
    assert len(found) == 1 and found[0].event.text == "Ny post fra kommunen"
    edited = connector.update(published.external_id, "Rettet tekst", key="post-1-v2")
    assert edited.change.event.text == "Rettet tekst"
    assert edited.change.event.occurred_at >= published.change.event.occurred_at
    connector.pin(published.external_id, pinned=True, key="post-1-pin-1")
    assert fake_graph._post(published.external_id)["is_pinned"] is True


def test_a_mastodon_status_is_posted_once_per_idempotency_key_edited_and_pinned():
    with FakeMastodon() as fake:
        connector = MastodonConnector(
            instance_url=fake.url, account_id=ACCOUNT, access_token=ACCESS_TOKEN
        )
        first = connector.publish("Hei fra kommunen", page_id=ACCOUNT, key="post-2")
        second = connector.publish("Hei fra kommunen", page_id=ACCOUNT, key="post-2")
        assert first.external_id == second.external_id
        assert [e["effect"] for e in fake.effects] == ["status"]
        assert first.change.event.channel == ACCOUNT and first.change.event.kind == "post"
        assert connector.update(first.external_id, "Endret", key="k").change.event.text == "Endret"
        connector.pin(first.external_id, pinned=True, key="p")
        assert fake.statuses[first.external_id]["pinned"] is True


@pytest.mark.parametrize("platform", ["instagram", "youtube", "x", "wordpress"])
def test_platforms_without_publishing_say_why(platform):
    assert not publishing_supports(platform, PostAction.PUBLISH)
    reason = publishing_why_not(platform, PostAction.UPDATE)
    assert reason and reason == publishing_why_not(platform, PostAction.PUBLISH)
    with pytest.raises(PermanentError, match=reason[:20]):
        connector_class(platform).demo().publish("x", page_id="1", key="k")

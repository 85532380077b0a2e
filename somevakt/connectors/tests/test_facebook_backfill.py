"""Backfill of a Facebook page's history from the fake Graph, page by page."""

from somevakt.connectors import facebook
from somevakt.connectors.models import ConnectedAccount, RawEvent
from somevakt.connectors.services import account_backfill_step
from somevakt.connectors.tasks import account_backfill_run
from somevakt.connectors.tests.conftest import PAGE
from somevakt.inbox.models import Item


def test_backfill_pages_through_the_feed_and_every_posts_comments(
    fb_account, fake_graph, monkeypatch
):
    # Given one page of the Graph holds two nodes, and 14 more posts exist
    monkeypatch.setattr(facebook, "PAGE_SIZE", 2)
    for n in range(14):
        fake_graph.add_post(PAGE, {"id": f"{PAGE}_9{n:03}", "message": f"Melding {n}",
                                   "created_time": "2026-11-01T10:00:00+0000"})  # fmt: skip
    fb_account.backfill_state = "running"
    fb_account.save()
    # When the backfill runs to its end
    steps = 0
    while account_backfill_step(account=ConnectedAccount.objects.get(pk=fb_account.pk)):
        steps += 1
    # Then every post and comment the fake serves is an item, with hidden ones hidden
    posts = sum(len(v) for v in fake_graph.posts.values())
    comments = sum(len(v) for v in fake_graph.comments.values())
    assert Item.objects.count() == posts + comments
    assert steps > posts // 2  # it really paged
    hidden = Item.objects.get(external_id="123456789_8765432")  # comment_canHide.json
    assert hidden.text == "yes, really great"
    assert not hidden.is_hidden_on_platform  # is_hidden false in the fixture
    reply = Item.objects.get(external_id="123456789_9876543")
    assert reply.parent.external_id == f"{PAGE}_456789012345"
    fb_account.refresh_from_db()
    assert (fb_account.backfill_state, fb_account.backfill_cursor) == ("done", {})
    assert fb_account.backfill_items == RawEvent.objects.filter(source="backfill").count()


def test_a_backfill_again_adds_nothing(fb_account, fake_graph):
    fb_account.backfill_state = "running"
    fb_account.save()
    account_backfill_run.call(fb_account.pk)
    first = (Item.objects.count(), RawEvent.objects.count())
    ConnectedAccount.objects.filter(pk=fb_account.pk).update(backfill_state="running")
    account_backfill_run.call(fb_account.pk)
    assert (Item.objects.count(), RawEvent.objects.count()) == first


def test_throttling_pauses_the_backfill_without_failing_it(fb_account, fake_graph):
    fb_account.backfill_state = "running"
    fb_account.save()
    fake_graph.failures.append((400, 613))
    assert account_backfill_run.call(fb_account.pk) == "waiting"
    fb_account.refresh_from_db()
    assert fb_account.backfill_state == "running" and not fb_account.backfill_error


def test_a_refused_token_fails_the_backfill_with_the_reason(fb_account, fake_graph):
    ConnectedAccount.objects.filter(pk=fb_account.pk).update(backfill_state="running")
    account = ConnectedAccount.objects.get(pk=fb_account.pk)
    account.access_token = "wrong"  # noqa: S105
    account.save()
    assert account_backfill_run.call(fb_account.pk) == "failed"
    account.refresh_from_db()
    assert account.backfill_state == "failed" and "code 190" in account.backfill_error

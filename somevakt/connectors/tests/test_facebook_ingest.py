"""Every documented Facebook payload, pushed over HTTP, becomes the items it describes."""

import json

import pytest

from somevakt.connectors.facebook import FacebookConnector
from somevakt.connectors.fakeplatform import facebook_webhook_fixtures, push
from somevakt.connectors.models import DeliveryState, RawEvent, WebhookDelivery
from somevakt.connectors.services import webhook_deliveries_process
from somevakt.connectors.tests.conftest import APP_SECRET, PAGE
from somevakt.inbox.models import Item, ItemKind

FIXTURES = facebook_webhook_fixtures()


@pytest.mark.django_db(transaction=True)
def test_the_fake_pushes_every_documented_payload_and_each_becomes_items(live_server, fb_account):
    # Given every documented webhook body, signed by the fake as Meta signs them
    url = f"{live_server.url}/connections/webhook/facebook/"
    for name, body in FIXTURES.items():
        status, _ = push(url, json.dumps(body).encode(), secret=APP_SECRET)
        assert status == 200, name
    # When the worker ingests them
    assert webhook_deliveries_process() == len(FIXTURES)
    # Then each change is kept raw with what became of it
    assert WebhookDelivery.objects.filter(state=DeliveryState.PROCESSED).count() == len(FIXTURES)
    statuses = dict(RawEvent.objects.values_list("verb", "status").filter(field="photos"))
    assert statuses == {"update": "unknown"}
    rejected = RawEvent.objects.filter(status="rejected").values_list("reason", flat=True)
    assert list(rejected) == [
        "page {page-id} is not registered as a channel; register it in the channel "
        "registry and connect its account"
    ]
    # And the items are there, in their final state
    items = {item.external_id: item for item in Item.objects.filter(channel__external_id=PAGE)}
    post = items["1234567890321_7293787835232"]
    assert (post.kind, post.text, post.is_hidden_on_platform) == (
        ItemKind.POST,
        "Let's check this",
        True,
    )
    assert post.author.platform_author_id == "8423678347823"  # numeric in one shape, str in other
    comment = items["901097836652708_903438993085259"]  # three shapes of the same comment
    assert comment.kind == ItemKind.COMMENT
    assert comment.parent.external_id == "1234567890321_901097836652708"
    # The same moment and text, once with a photo: two versions of one comment.
    assert comment.versions.count() == comment.version_count == 2
    edited = items["900728623356296_900744590021366"]
    assert edited.text == "Let's see the Webhooks in action :D"
    assert items["905578656204626_905579239537901"].is_deleted_on_platform
    assert items["1234567890321_901097836652708"].is_deleted_on_platform
    assert items["1234567890321_949560725137650"].text == "This is an edited test message"
    assert items["7363534231324_3754798971271444"].author is None  # a mention names no one
    assert Item.objects.count() == 8


def test_old_and_new_shapes_give_the_same_event():
    old = FacebookConnector.parse_webhook(FIXTURES["webhook_restfb_feed-comment-add-25.json"])
    new = FacebookConnector.parse_webhook(FIXTURES["webhook_restfb_feed-comment-add-211.json"])
    assert old[0].event == new[0].event
    assert old[0].event.author.id == "1234567890321"


@pytest.mark.parametrize(
    ("name", "kind", "verb"),
    [
        ("webhook_restfb_feed-post-add-25.json", "post", "upsert"),
        ("webhook_restfb_feed-post-edit.json", "post", "upsert"),
        ("webhook_restfb_feed-post-hide.json", "post", "hide"),
        ("webhook_restfb_feed-post-remove-25.json", "post", "delete"),
        ("webhook_restfb_feed-status-add-25.json", "post", "upsert"),
        ("webhook_restfb_feed-status-edited-25.json", "post", "upsert"),
        ("webhook_restfb_feed-comment-add-211.json", "comment", "upsert"),
        ("webhook_restfb_feed-comment-edited-25.json", "comment", "upsert"),
        ("webhook_restfb_feed-comment-hide.json", "comment", "hide"),
        ("webhook_restfb_feed-comment-unhide.json", "comment", "unhide"),
        ("webhook_restfb_feed-comment-remove-25.json", "comment", "delete"),
        ("webhook_restfb_mention-comment-add.json", "comment", "upsert"),
        ("webhook_meta_doc_feed_post_add.json", "post", "upsert"),
    ],
)
def test_each_documented_item_and_verb_is_understood(name, kind, verb):
    (change,) = FacebookConnector.parse_webhook(FIXTURES[name])
    assert change.status == "ingested", change.reason
    assert (change.event.kind.value, change.event.event.value) == (kind, verb)


def test_a_photo_comment_keeps_its_photo_as_attachment():
    (change,) = FacebookConnector.parse_webhook(
        FIXTURES["webhook_restfb_feed-comment-add-with-photo.json"]
    )
    assert change.event.attachments[0].type == "photo"
    assert change.event.attachments[0].url.startswith("https://scontent-fra3-1.xx.fbcdn.net/")


def test_many_entries_and_changes_in_one_delivery_are_all_read():
    bodies = [FIXTURES[n] for n in sorted(FIXTURES) if "restfb_feed" in n]
    merged = {"object": "page", "entry": [e for body in bodies for e in body["entry"]]}
    merged["entry"][0]["changes"] *= 2  # the same change twice: one dedup key
    changes = FacebookConnector.parse_webhook(merged)
    assert len(changes) == len(bodies) + 1
    assert len({change.dedup_key for change in changes}) == len(bodies)


@pytest.mark.django_db(transaction=True)
def test_the_fake_platform_command_pushes_the_documented_webhooks(live_server, fb_account):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    url = f"{live_server.url}/connections/webhook/facebook/"
    call_command("fakeplatform", "--push-to", url, "--app-secret", APP_SECRET, stdout=out)
    assert out.getvalue().count(": 200 OK") == len(FIXTURES)
    call_command("connectors", "ingest", stdout=out)
    assert f"ingested {len(FIXTURES)} webhook deliveries" in out.getvalue()

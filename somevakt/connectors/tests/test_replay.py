"""Shuffled and repeated deliveries leave exactly the items and versions they describe
(the small version of bench/webhook_replay.py, which replays 10,000)."""

from somevakt.connectors.fakeplatform import sign
from somevakt.connectors.models import RawEvent, WebhookDelivery
from somevakt.connectors.replay import storm
from somevakt.connectors.services import webhook_deliveries_process
from somevakt.connectors.tests.conftest import APP_SECRET, PAGE
from somevakt.inbox.models import Item, ItemVersion


def test_a_shuffled_storm_with_retries_leaves_exactly_the_expected_items(client, fb_account):
    bodies, expected = storm(PAGE, 300, duplicate_share=0.25)
    for body in bodies:
        response = client.post(
            "/connections/webhook/facebook/",
            data=body,
            content_type="application/json",
            HTTP_X_HUB_SIGNATURE_256=sign(body, APP_SECRET),
        )
        assert response.status_code == 200
    assert WebhookDelivery.objects.count() == len(set(bodies)) < len(bodies)
    while webhook_deliveries_process(limit=50):
        pass

    items = Item.objects.filter(channel__external_id=PAGE)
    assert items.count() == expected.items
    assert items.filter(kind="post").count() == expected.posts
    assert items.filter(kind="comment").count() == expected.comments
    assert items.filter(kind="reply").count() == expected.replies
    assert ItemVersion.objects.count() == expected.versions
    assert items.filter(deleted_on_platform_at__isnull=False).count() == expected.deleted
    assert items.filter(is_hidden_on_platform=True).count() == expected.hidden
    assert dict(items.values_list("external_id", "text")) == expected.texts
    assert not items.filter(kind__in=["comment", "reply"], parent__isnull=True).exists()
    assert not RawEvent.objects.exclude(status="ingested").exists()

"""The Facebook webhook receiver: handshake, signatures, size, bad bodies, retries."""

import json

import pytest

from somevakt.connectors.fakeplatform import facebook_webhook_fixtures, sign
from somevakt.connectors.models import RawEvent, WebhookDelivery
from somevakt.connectors.services import webhook_deliveries_process
from somevakt.connectors.tests.conftest import APP_SECRET, VERIFY

URL = "/connections/webhook/facebook/"
BODY = json.dumps(facebook_webhook_fixtures()["webhook_restfb_feed-comment-add-211.json"]).encode()


def post(client, body: bytes, signature: str | None = None, **headers):
    if signature is not None:
        headers["HTTP_X_HUB_SIGNATURE_256"] = signature
    return client.post(URL, data=body, content_type="application/json", **headers)


def test_the_handshake_echoes_the_challenge_only_for_our_verify_token(client, fb_account):
    ok = client.get(
        URL, {"hub.mode": "subscribe", "hub.verify_token": VERIFY, "hub.challenge": "1158201444"}
    )
    assert (ok.status_code, ok.content) == (200, b"1158201444")
    wrong = client.get(
        URL, {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1"}
    )
    assert wrong.status_code == 403


def test_a_validly_signed_delivery_is_stored(client, fb_account):
    response = post(client, BODY, sign(BODY, APP_SECRET))
    assert response.status_code == 200
    assert WebhookDelivery.objects.get().body.encode() == BODY


def test_a_wrong_signature_is_refused_logged_and_nothing_stored(client, fb_account, caplog):
    response = post(client, BODY, sign(BODY, "not-the-secret"))
    assert response.status_code == 403
    assert "wrong signature" in caplog.text
    assert not WebhookDelivery.objects.exists()


def test_a_signature_over_another_body_is_refused(client, fb_account):
    tampered = BODY.replace(b"and the next one", b"and another one")
    assert post(client, tampered, sign(BODY, APP_SECRET)).status_code == 403
    assert not WebhookDelivery.objects.exists()


def test_a_missing_signature_is_refused_logged_and_nothing_stored(client, fb_account, caplog):
    response = post(client, BODY)
    assert response.status_code == 403
    assert "missing signature" in caplog.text
    assert not WebhookDelivery.objects.exists()


def test_nothing_is_accepted_while_no_account_is_connected(client, db):
    assert post(client, BODY, sign(BODY, "")).status_code == 403
    assert post(client, BODY, sign(BODY, APP_SECRET)).status_code == 403


def test_a_replayed_delivery_is_answered_but_stored_and_ingested_once(client, fb_account):
    for _ in range(3):
        assert post(client, BODY, sign(BODY, APP_SECRET)).status_code == 200
    delivery = WebhookDelivery.objects.get()
    assert delivery.retries == 2
    webhook_deliveries_process()
    assert RawEvent.objects.count() == 1


def test_a_body_over_the_limit_is_refused(client, fb_account, settings):
    settings.SOMEVAKT_WEBHOOK_MAX_BYTES = 100
    response = post(client, BODY, sign(BODY, APP_SECRET))
    assert response.status_code == 413
    assert "at most 100" in response.json()["error"]
    assert not WebhookDelivery.objects.exists()


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b'{"object": "page", "entry": [', "not JSON"),
        (b"\xff\xfe", "not UTF-8"),
        (b'["entry"]', "object with an 'entry' list"),
        (b'{"object": "page", "entry": [1]}', "every item of 'entry'"),
    ],
)
def test_a_malformed_body_gets_400_with_the_reason(client, fb_account, body, reason):
    response = post(client, body, sign(body, APP_SECRET))
    assert response.status_code == 400
    assert reason in response.json()["error"]
    assert not WebhookDelivery.objects.exists()


def test_an_unknown_field_is_kept_as_raw_event_and_reported(client, fb_account):
    body = json.dumps(
        facebook_webhook_fixtures()["webhook_meta_doc_getting_started_user_photos.json"]
    ).encode()
    assert post(client, body, sign(body, APP_SECRET)).status_code == 200
    webhook_deliveries_process()
    event = RawEvent.objects.get()
    assert (event.status, event.field, event.verb) == ("unknown", "photos", "update")
    assert "not a Facebook Page" in event.reason
    assert event.payload["value"] == {"verb": "update", "object_id": "10211885744794461"}


def test_an_unknown_verb_and_item_are_kept_and_reported(client, fb_account, fb_page):
    values = [
        {"item": "comment", "verb": "block", "comment_id": "1_2", "post_id": "1234567890321_1"},
        {"item": "event", "verb": "add", "post_id": "1234567890321_9"},
    ]
    body = json.dumps(
        {
            "object": "page",
            "entry": [
                {"id": fb_page.external_id, "time": 1, "changes": [{"field": "feed", "value": v}]}
                for v in values
            ],
        }
    ).encode()
    assert post(client, body, sign(body, APP_SECRET)).status_code == 200
    webhook_deliveries_process()
    reasons = sorted(RawEvent.objects.values_list("status", "reason"))
    assert reasons == [
        ("unknown", "item 'event' is not handled"),
        ("unknown", "verb 'block' is not handled"),
    ]


def test_a_delivery_for_an_unregistered_page_is_rejected_and_reported(client, fb_account):
    value = {"item": "status", "verb": "add", "post_id": "999_1", "message": "x",
             "created_time": 1448633038}  # fmt: skip
    body = json.dumps(
        {
            "object": "page",
            "entry": [{"id": 999, "time": 1, "changes": [{"field": "feed", "value": value}]}],
        }  # fmt: skip
    ).encode()
    assert post(client, body, sign(body, APP_SECRET)).status_code == 200
    webhook_deliveries_process()
    event = RawEvent.objects.get()
    assert event.status == "rejected"
    assert "page 999 is not registered" in event.reason


@pytest.mark.parametrize("moment", [2**40, -(2**40), 1e300, "yesterday", None])
def test_an_impossible_time_is_rejected_with_the_reason_not_a_crash(client, fb_account, moment):
    value = {"item": "status", "verb": "add", "post_id": "1234567890321_5", "message": "x",
             "created_time": moment}  # fmt: skip
    body = json.dumps(
        {
            "object": "page",
            "entry": [
                {
                    "id": "1234567890321",
                    "time": moment,
                    "changes": [{"field": "feed", "value": value}],
                }
            ],
        }  # fmt: skip
    ).encode()
    assert post(client, body, sign(body, APP_SECRET)).status_code == 200
    webhook_deliveries_process()
    event = RawEvent.objects.get()
    assert event.status == "rejected"
    assert "occurred_at" in event.reason
    assert WebhookDelivery.objects.get().state == "processed"


@pytest.mark.parametrize("photos", [7, 1.5, "https://example.org/a.jpg"])
def test_photos_that_are_not_a_list_are_rejected_with_the_reason_not_a_crash(
    client, fb_account, photos
):
    value = {"item": "status", "verb": "add", "post_id": "1234567890321_5", "message": "x",
             "created_time": 1448633038, "photos": photos}  # fmt: skip
    body = json.dumps(
        {"object": "page", "entry": [{"id": "1234567890321", "time": 1448633038,
                                      "changes": [{"field": "feed", "value": value}]}]}
    ).encode()  # fmt: skip
    assert post(client, body, sign(body, APP_SECRET)).status_code == 200
    webhook_deliveries_process()
    event = RawEvent.objects.get()
    assert event.status == "rejected"
    assert "photos: a list of addresses" in event.reason
    assert WebhookDelivery.objects.get().state == "processed"

import hashlib
import hmac
import json

import pytest

from somevakt.connectors.base import RawStatus, Target, ThrottledError, connector_class
from somevakt.connectors.capabilities import PlatformAction
from somevakt.connectors.models import ConnectedAccount
from somevakt.connectors.platforms.common import Unsupported
from somevakt.connectors.platforms.fakes.instagram import (
    ACCESS_TOKEN,
    ACCOUNT,
    VERSION,
    FakeInstagram,
    graph_error,
    ig_comment,
)
from somevakt.connectors.platforms.fakes.server import FIXTURES
from somevakt.connectors.platforms.instagram import InstagramConnector
from somevakt.connectors.tests.platform_support import backfill_all, events
from somevakt.inbox.models import Item
from somevakt.inbox.services import items_ingest
from somevakt.sources.models import ChannelType, Platform


def _fixture(name):
    return json.loads((FIXTURES / "instagram" / name).read_text())


@pytest.fixture
def fake():
    with FakeInstagram() as server:
        yield server


@pytest.fixture
def account(db, fake, make_channel):
    channel = make_channel(ChannelType.INSTAGRAM, Platform.INSTAGRAM, external_id=ACCOUNT)
    return ConnectedAccount.objects.create(
        channel=channel,
        platform="instagram",
        account_id=ACCOUNT,
        access_token=ACCESS_TOKEN,
        api_base_url=fake.url,
    )


def _connector(account):
    return InstagramConnector.for_account(account)


def test_the_registry_names_the_instagram_connector():
    assert connector_class("instagram") is InstagramConnector


def test_a_comment_webhook_is_a_reply_under_its_medium(db, make_channel):
    make_channel(ChannelType.INSTAGRAM, Platform.INSTAGRAM, external_id="0")
    body = _fixture("webhook_restfb_wh-comments-2021.json")

    changes = InstagramConnector.parse_webhook(body)
    items_ingest(events=events(changes))

    assert [c.status for c in changes] == [RawStatus.INGESTED]
    item = Item.objects.get(external_id="123456789")
    assert (item.kind, item.thread.external_id, item.parent_external_id) == (
        "reply",
        "76543987",
        "987654321",
    )
    assert (item.text, item.author.display_name) == ("This is an example.", "testuser")
    assert item.published_at.timestamp() == 1519399307


def test_a_live_comment_without_its_medium_goes_to_the_accounts_live_thread(db, make_channel):
    make_channel(ChannelType.INSTAGRAM, Platform.INSTAGRAM, external_id="0")

    changes = InstagramConnector.parse_webhook(_fixture("webhook_restfb_wh-livecomments.json"))
    items_ingest(events=events(changes))

    item = Item.objects.get()
    assert (item.kind, item.thread.external_id, item.author) == ("comment", "0_live", None)


def test_a_redelivered_webhook_has_the_same_dedup_key():
    body = _fixture("webhook_restfb_wh-comments-2021.json")

    first = InstagramConnector.parse_webhook(body)
    again = InstagramConnector.parse_webhook(json.loads(json.dumps(body)))

    assert first[0].dedup_key == again[0].dedup_key


def test_unknown_fields_and_objects_are_kept_and_reported_not_dropped():
    body = _fixture("webhook_restfb_wh-comments-2021.json")
    body["entry"][0]["changes"].append({"field": "mentions", "value": {"media_id": "1"}})
    body["entry"][0]["messaging"] = [{"sender": {"id": "1"}}]
    wrong = {**body, "object": "page"}

    changes = InstagramConnector.parse_webhook(body)
    elsewhere = InstagramConnector.parse_webhook(wrong)

    assert [c.status for c in changes] == [RawStatus.INGESTED, RawStatus.UNKNOWN, RawStatus.UNKNOWN]
    assert "mentions" in changes[1].reason and changes[1].payload["value"] == {"media_id": "1"}
    assert {c.status for c in elsewhere} == {RawStatus.UNKNOWN}


def test_a_comment_without_an_id_is_rejected_with_the_reason():
    body = _fixture("webhook_restfb_wh-comments-2021.json")
    del body["entry"][0]["changes"][0]["value"]["id"]

    (change,) = InstagramConnector.parse_webhook(body)

    assert change.status == RawStatus.REJECTED and "id" in change.reason


def test_a_body_that_is_not_a_webhook_is_refused():
    with pytest.raises(ValueError, match="entry"):
        InstagramConnector.parse_webhook({"object": "instagram"})


def test_the_signature_is_meta_s_hmac_of_the_raw_body():
    body = json.dumps(_fixture("webhook_restfb_wh-comments-2021.json")).encode()
    good = "sha256=" + hmac.new(b"app-secret", body, hashlib.sha256).hexdigest()

    def verify(signature):
        headers = {"X-Hub-Signature-256": signature} if signature else {}
        return InstagramConnector.verify_signature(body=body, headers=headers, secret="app-secret")

    assert verify(good) is True
    assert verify(good[:-1] + "0") is False
    assert verify("") is False


def test_the_backfill_reads_every_medium_and_comment_with_replies_and_hidden_state(fake, account):
    first = ig_comment("c1", media="m2", text="Flott!", username="ola")
    first["replies"]["data"].append(
        {"id": "c1r1", "text": "Takk", "timestamp": "2018-02-24T16:33:06+0000"}
    )
    fake.add_media("m2", first, ig_comment("c2", media="m2", hidden=True))
    fake.add_media("m3", *(ig_comment(f"m3c{n}", media="m3") for n in range(60)))

    changes, pages = backfill_all(_connector(account))
    items_ingest(events=events(changes))

    # 1 page of media; m3: 2 pages; m2: 1 page; the documented medium: 1 page
    assert pages == 5
    assert Item.objects.count() == 1 + 1 + 2 + 1 + 60  # documented comment and its reply too
    assert Item.objects.get(external_id="c1r1").parent.external_id == "c1"
    assert Item.objects.get(external_id="c2").is_hidden_on_platform
    assert Item.objects.get(external_id="1234567891").kind == "reply"


def test_graph_throttling_codes_are_a_wait(fake, account):
    fake.inject(graph_error("(#4) Application request limit reached", 4, 403))

    with pytest.raises(ThrottledError):
        _connector(account).backfill(None)


def test_a_nearly_spent_app_usage_makes_the_next_call_wait(fake, account):
    answer = graph_error("(#100) Object does not exist", 100)
    answer.headers["x-app-usage"] = json.dumps({"call_count": 96, "total_time": 10})
    fake.inject(answer)
    connector = _connector(account)

    with pytest.raises(Exception, match="does not exist"):
        connector.act(PlatformAction.HIDE, Target(object_id="nope"))
    with pytest.raises(ThrottledError):
        connector.act(PlatformAction.HIDE, Target(object_id="123456789"))

    account.refresh_from_db()
    assert account.throttled_until is not None and fake.effects == []


@pytest.mark.parametrize(
    ("action", "effect"), [(PlatformAction.HIDE, "hide"), (PlatformAction.UNHIDE, "unhide")]
)
def test_comments_are_hidden_and_shown_again(fake, account, action, effect):
    _connector(account).act(action, Target(object_id="123456789"))

    assert fake.effects == [{"effect": effect, "comment": "123456789"}]


def test_a_deletion_is_carried_out_once_and_a_repeat_is_harmless(fake, account):
    connector = _connector(account)

    connector.act(PlatformAction.DELETE, Target(object_id="123456789"))
    again = connector.act(PlatformAction.DELETE, Target(object_id="123456789"))

    assert fake.effects == [{"effect": "delete", "comment": "123456789"}]
    assert again["already_deleted"] is True


def test_replies_public_and_private(fake, account):
    connector = _connector(account)

    connector.act(PlatformAction.REPLY, Target(object_id="123456789"), text="Hei!")
    connector.act(PlatformAction.PRIVATE_REPLY, Target(object_id="123456789"), text="Se DM")

    assert fake.effects == [
        {"effect": "reply", "comment": "123456789", "text": "Hei!"},
        {"effect": "private_reply", "comment": "123456789", "text": "Se DM"},
    ]
    assert fake.requests[-1].path == f"/{VERSION}/{ACCOUNT}/messages"


@pytest.mark.parametrize("action", [PlatformAction.BAN, PlatformAction.UNBAN])
def test_instagram_cannot_ban_and_says_so_without_a_call(fake, account, action):
    with pytest.raises(Unsupported, match="Instagram"):
        _connector(account).act(action, Target(user_id="98765432123", page_id=ACCOUNT))

    assert fake.requests == []


def test_the_connection_test_names_the_account(fake, account):
    assert _connector(account).test_connection() == f"@rakkestadkommune ({ACCOUNT})"


def test_a_signed_instagram_delivery_goes_through_the_shared_receiver_into_the_inbox(
    client, make_channel
):
    from somevakt.connectors.fakeplatform import sign
    from somevakt.connectors.services import webhook_deliveries_process, webhook_secrets_forget

    channel = make_channel(ChannelType.INSTAGRAM, Platform.INSTAGRAM, external_id="0")
    ConnectedAccount.objects.create(
        channel=channel, platform="instagram", account_id="0", app_secret="ig-app-secret"
    )
    webhook_secrets_forget()
    body = json.dumps(_fixture("webhook_restfb_wh-comments-2021.json")).encode()

    def post(signature):
        return client.post(
            "/connections/webhook/instagram/",
            data=body,
            content_type="application/json",
            HTTP_X_HUB_SIGNATURE_256=signature,
        )

    refused = post(sign(body, "wrong-secret"))
    accepted = post(sign(body, "ig-app-secret"))
    webhook_deliveries_process()
    webhook_secrets_forget()

    assert (refused.status_code, accepted.status_code) == (403, 200)
    assert Item.objects.get().text == "This is an example."


@pytest.mark.parametrize(
    ("where", "odd"),
    [("media", "17895695668004550"), ("from", "testuser"), ("timestamp", 10**30)],
)
def test_a_comment_with_a_malformed_part_is_rejected_with_the_reason(where, odd):
    body = _fixture("webhook_restfb_wh-comments-2021.json")
    body["entry"][0]["changes"][0]["value"][where] = odd

    (change,) = InstagramConnector.parse_webhook(body)

    assert change.status == RawStatus.REJECTED
    assert change.event is None and change.reason


def test_changes_that_are_not_a_list_are_rejected_with_the_reason():
    body = {"object": "instagram", "entry": [{"id": "1", "time": 1, "changes": 5}]}

    (change,) = InstagramConnector.parse_webhook(body)

    assert change.status == RawStatus.REJECTED
    assert change.reason == "'changes' is not a list"

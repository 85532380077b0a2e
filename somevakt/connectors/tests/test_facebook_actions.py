"""Facebook actions against the fake Graph over HTTP, throttling, and the registry."""

import datetime
import json

import pytest
from django.utils import timezone

from somevakt.connectors.base import (
    CONNECTORS,
    PermanentError,
    PlatformError,
    Target,
    ThrottledError,
    connector_class,
    connector_for,
)
from somevakt.connectors.capabilities import SUPPORTED, PlatformAction
from somevakt.connectors.facebook import FacebookConnector, read_usage
from somevakt.connectors.models import ConnectedAccount
from somevakt.connectors.tests.conftest import PAGE

COMMENT = "901097836652708_903438993085259"

# The Facebook column of the closing table: action → the effect the fake recorded.
ACTIONS = [
    (PlatformAction.HIDE, Target(object_id=COMMENT), {"effect": "hide", "target": COMMENT}),
    (PlatformAction.UNHIDE, Target(object_id=COMMENT), {"effect": "unhide", "target": COMMENT}),
    (PlatformAction.DELETE, Target(object_id=COMMENT), {"effect": "delete", "target": COMMENT}),
    (
        PlatformAction.BAN,
        Target(page_id=PAGE, user_id="8423678347823"),
        {"effect": "block", "target": PAGE, "user": "8423678347823"},
    ),
    (
        PlatformAction.UNBAN,
        Target(page_id=PAGE, user_id="8423678347823"),
        {"effect": "unblock", "target": PAGE, "user": "8423678347823"},
    ),
    (
        PlatformAction.REPLY,
        Target(object_id=COMMENT),
        {"effect": "comments", "target": COMMENT, "message": "Takk!"},
    ),
    (
        PlatformAction.PRIVATE_REPLY,
        Target(object_id=COMMENT, page_id=PAGE),
        {"effect": "private_replies", "target": COMMENT, "message": "Takk!"},
    ),
]


@pytest.mark.parametrize(("action", "target", "effect"), ACTIONS, ids=lambda v: str(v)[:20])
def test_each_facebook_action_is_carried_out_on_the_fake(
    fb_account, fake_graph, action, target, effect
):
    connector = connector_for("facebook", page_id=PAGE)
    assert isinstance(connector, FacebookConnector) and connector.account == fb_account
    connector.act(action, target, text="Takk!", key=f"k-{action}")
    (recorded,) = fake_graph.effects
    assert {k: recorded[k] for k in effect} == effect
    assert recorded["key"] == f"k-{action}"


def test_every_action_facebook_offers_is_tested_above():
    assert {action for action, _, _ in ACTIONS} == FacebookConnector.capabilities()


def test_deleting_twice_is_done_once(fb_account, fake_graph):
    connector = connector_for("facebook", page_id=PAGE)
    connector.act(PlatformAction.DELETE, Target(object_id=COMMENT), key="k")
    again = connector.act(PlatformAction.DELETE, Target(object_id=COMMENT), key="k")
    assert again == {"success": True, "already_deleted": True}
    assert [e["effect"] for e in fake_graph.effects] == ["delete"]


def test_a_wrong_token_is_a_permanent_error(fb_account, fake_graph):
    ConnectedAccount.objects.filter(pk=fb_account.pk).update()
    fb_account.access_token = "expired"  # noqa: S105
    with pytest.raises(PlatformError) as refused:
        FacebookConnector.for_account(fb_account).test_connection()
    assert (refused.value.code, refused.value.retryable) == (190, False)


def test_the_connection_test_names_the_page(fb_account):
    assert FacebookConnector.for_account(fb_account).test_connection() == (
        f"Rakkestad kommune (demo) ({PAGE})"
    )


@pytest.mark.parametrize("code", [4, 17, 32, 613])
def test_throttling_codes_mean_wait_not_failure(fb_account, fake_graph, code):
    fake_graph.failures.append((400, code))
    with pytest.raises(ThrottledError) as throttled:
        connector_for("facebook", page_id=PAGE).act(PlatformAction.HIDE, Target(object_id="1"))
    assert throttled.value.retryable and throttled.value.retry_after > datetime.timedelta(0)
    assert fake_graph.effects == []


def test_usage_headers_near_the_limit_make_the_account_wait(fb_account, fake_graph):
    usage = {"type": "pages", "call_count": 96, "total_cputime": 10, "total_time": 10}
    usage["estimated_time_to_regain_access"] = 7
    fake_graph.headers["x-business-use-case-usage"] = json.dumps({PAGE: [usage]})
    connector = connector_for("facebook", page_id=PAGE)
    connector.act(PlatformAction.HIDE, Target(object_id="1"))  # answered, but nearly spent
    fb_account.refresh_from_db()
    assert fb_account.throttled_until > timezone.now() + datetime.timedelta(minutes=6)
    assert fb_account.rate_limit["business"][PAGE][0]["call_count"] == 96
    with pytest.raises(ThrottledError):  # the next call waits without asking Facebook
        connector_for("facebook", page_id=PAGE).act(PlatformAction.HIDE, Target(object_id="2"))
    assert len(fake_graph.effects) == 1


def test_app_usage_over_95_percent_means_wait():
    usage, wait = read_usage(
        {"x-app-usage": '{"call_count": 97, "total_time": 3, "total_cputime": 1}'}
    )
    assert usage["app"]["call_count"] == 97 and wait is not None
    assert read_usage({"x-app-usage": '{"call_count": 20}'})[1] is None


def test_a_missing_object_other_than_on_delete_is_permanent(fb_account, fake_graph):
    fake_graph.failures.append((400, 100))
    with pytest.raises(PlatformError) as refused:
        connector_for("facebook", page_id=PAGE).act(PlatformAction.HIDE, Target(object_id="1"))
    assert not refused.value.retryable
    assert not isinstance(refused.value, ThrottledError)
    assert issubclass(PermanentError, PlatformError)


def test_without_a_connected_account_actions_go_to_the_demo_platform(db, settings):
    settings.SOMEVAKT_PLATFORM_API_URL = "http://127.0.0.1:9/v21.0"
    connector = connector_for("facebook", page_id="no-such-page")
    assert connector.account is None and connector.base_url == "http://127.0.0.1:9/v21.0"


def test_the_registry_declares_what_capabilities_declare():
    for platform, offered in SUPPORTED.items():
        assert connector_class(platform).capabilities() == offered
    assert set(CONNECTORS) <= set(SUPPORTED)

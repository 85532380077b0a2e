"""Whatever a platform (or anyone) posts, the receiver answers 200 or a 4xx with a reason,
and the parser and the worker keep or report it: never a 500, never another exception.

The bodies are the documented deliveries with parts changed, bodies of the right outline
with odd values, and any JSON at all; HYPOTHESIS_PROFILE=fuzz runs many more of them.
"""

import json
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from somevakt.connectors.base import RawChange, RawStatus, connector_class
from somevakt.connectors.fakeplatform import sign
from somevakt.connectors.models import DeliveryState, WebhookDelivery
from somevakt.connectors.services import webhook_deliveries_process
from somevakt.connectors.tests.conftest import APP_SECRET, PAGE
from somevakt.core.json import loads_storable
from somevakt.core.tests.strategies import json_values, mutated, odd_text, scalars

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DOCUMENTED = {
    platform: [
        json.loads(path.read_text()) for path in sorted((FIXTURES / platform).glob("webhook_*"))
    ]
    for platform in ("facebook", "instagram")
}
feed_values = st.fixed_dictionaries(
    {
        "item": st.sampled_from(["post", "status", "comment", "photo", "reaction", "x"]),
        "verb": st.sampled_from(["add", "edited", "edit", "remove", "hide", "unhide", "block"]),
        "post_id": st.sampled_from([f"{PAGE}_1", 7, ""]) | scalars,
        "created_time": st.sampled_from([2**40, -(2**40), 1e300, 1448633038]) | scalars,
    },
    optional={
        "comment_id": st.sampled_from(["1_2", 3]) | scalars,
        "parent_id": scalars,
        "from": json_values,
        "sender_id": scalars,
        "message": scalars,
        "photo": scalars,
        "photos": json_values,
        "link": scalars,
    },
)
changes = st.fixed_dictionaries(
    {"field": st.sampled_from(["feed", "mention", "photos"]), "value": feed_values | json_values}
)
entries = st.fixed_dictionaries(
    {
        "id": st.sampled_from([PAGE, int(PAGE), "999"]) | scalars,
        "time": st.sampled_from([0, 2**33, 2**40, 1448633038]) | scalars,
        "changes": st.lists(changes, max_size=3) | json_values,
    }
)
bodies = (
    st.fixed_dictionaries(
        {"object": st.sampled_from(["page", "user"]), "entry": st.lists(entries, max_size=3)}
    )
    | json_values
)


instagram_values = st.fixed_dictionaries(
    {"id": st.sampled_from(["17865799348089039", 5, ""]) | scalars},
    optional={
        "text": scalars,
        "timestamp": st.sampled_from(["2021-01-01T10:00:00+0000", "nonsense", 2**40]) | scalars,
        "parent_id": scalars,
        "media": json_values,
        "from": json_values,
        "user": json_values,
        "username": scalars,
    },
)
instagram_bodies = (
    st.fixed_dictionaries(
        {
            "object": st.sampled_from(["instagram", "page"]) | scalars,
            "entry": st.lists(
                st.fixed_dictionaries(
                    {
                        "id": st.sampled_from(["17841405822304914", 7]) | scalars,
                        "time": st.sampled_from([1448633038, 2**40, -1]) | scalars,
                        "changes": st.lists(
                            st.fixed_dictionaries(
                                {
                                    "field": st.sampled_from(["comments", "live_comments", "x"]),
                                    "value": instagram_values | json_values,
                                }
                            )
                            | json_values,
                            max_size=3,
                        )
                        | json_values,
                    },
                    optional={"messaging": json_values, "standby": json_values},
                ),
                max_size=3,
            ),
        }
    )
    | json_values
)
any_body = {
    "facebook": st.sampled_from(DOCUMENTED["facebook"]).flatmap(mutated) | bodies,
    "instagram": st.sampled_from(DOCUMENTED["instagram"]).flatmap(mutated) | instagram_bodies,
}


def _changes_or_refusal(platform, payload):
    connector = connector_class(platform)
    try:
        return connector.parse_webhook(payload)
    except ValueError as exc:
        assert str(exc) == connector.webhook_shape_problem(payload) != ""
        return None


@pytest.mark.parametrize("platform", sorted(any_body))
@settings(suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_parser_gives_changes_with_reasons_or_refuses_with_the_shape_problem(platform, data):
    payload = loads_storable(json.dumps(data.draw(any_body[platform])))

    changes = _changes_or_refusal(platform, payload)

    if changes is None:
        return
    for change in changes:
        assert isinstance(change, RawChange)
        assert re.fullmatch("[0-9a-f]{64}", change.dedup_key)
        assert isinstance(change.payload, dict)
        if change.status == RawStatus.INGESTED:
            assert change.event is not None and change.event.platform == platform
        else:
            assert change.event is None and change.reason, change
    # What Meta sends again is the same changes: the dedup keys come back unchanged.
    again = _changes_or_refusal(platform, json.loads(json.dumps(payload)))
    assert [c.dedup_key for c in again] == [c.dedup_key for c in changes]


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=bodies)
def test_any_signed_body_is_answered_and_kept_or_reported(client, fb_account, payload):
    body = json.dumps(payload).encode()
    response = client.post(
        "/connections/webhook/facebook/",
        data=body,
        content_type="application/json",
        HTTP_X_HUB_SIGNATURE_256=sign(body, APP_SECRET),
    )
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response.json()["error"]
    while webhook_deliveries_process():
        pass
    assert not WebhookDelivery.objects.filter(state=DeliveryState.RECEIVED).exists()
    # Only a body of the wrong shape fails, with its reason; no crash in the worker.
    for error in WebhookDelivery.objects.filter(state=DeliveryState.FAILED).values_list(
        "error", flat=True
    ):
        assert "entry" in error, error


header_values = st.text(
    alphabet=st.characters(min_codepoint=32, max_codepoint=255), max_size=80
) | st.sampled_from(["sha256=", "sha1=abc", "-1", "99999999999999999999", "0", "abc"])


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    platform=st.sampled_from(["facebook", "instagram", "youtube", "mastodon", "x", "nope"]),
    method=st.sampled_from(["POST", "POST", "GET", "PUT", "DELETE", "PATCH"]),
    body=st.binary(max_size=300) | json_values.map(lambda v: json.dumps(v).encode()),
    signed=st.booleans(),
    headers=st.dictionaries(
        st.sampled_from(
            ["X-Hub-Signature-256", "Content-Type", "Content-Length", "Content-Encoding"]
        ),
        header_values,
        max_size=3,
    ),
    query=st.dictionaries(
        st.sampled_from(["hub.mode", "hub.verify_token", "hub.challenge"]), odd_text
    ),
)
def test_any_request_to_a_webhook_is_answered_without_a_server_error(
    client, fb_account, platform, method, body, signed, headers, query
):
    meta = {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()}
    if "Content-Type" in headers:
        meta["CONTENT_TYPE"] = meta.pop("HTTP_CONTENT_TYPE")
    if "Content-Length" in headers:
        meta["CONTENT_LENGTH"] = meta.pop("HTTP_CONTENT_LENGTH")
    if signed:
        meta["HTTP_X_HUB_SIGNATURE_256"] = sign(body, APP_SECRET)
    path = f"/connections/webhook/{platform}/"
    if query:
        path += "?" + urlencode(query)

    response = client.generic(method, path, data=body, **meta)

    assert response.status_code < 500, response.content
    if response.status_code >= 400:
        assert response.json()["error"]

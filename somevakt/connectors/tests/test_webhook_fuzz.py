"""Whatever a correctly signed sender posts, the receiver answers 200 or 400 with a reason,
and the worker keeps or reports it: never a 500, never an exception."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from somevakt.connectors.fakeplatform import sign
from somevakt.connectors.models import DeliveryState, WebhookDelivery
from somevakt.connectors.services import webhook_deliveries_process
from somevakt.connectors.tests.conftest import APP_SECRET, PAGE

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
)
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


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
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

"""The moderation outbox acts through the registry, and waits when Facebook throttles."""

import datetime

from django.utils import timezone

from somevakt.connectors.tests.conftest import PAGE, TOKEN
from somevakt.moderation.models import OutboxAction, OutboxState
from somevakt.moderation.tasks import outbox_deliver


def test_a_throttled_action_waits_without_using_up_an_attempt_then_runs(fb_account, fake_graph):
    action = OutboxAction.objects.create(
        key="ban-1-approve-x", action="ban", platform="facebook", page_id=PAGE, user_id="u9"
    )
    fake_graph.failures.append((400, 613))
    assert outbox_deliver.call(action.pk) == OutboxState.FAILED  # this run did not do it
    action.refresh_from_db()
    assert (action.state, action.attempts) == (OutboxState.PENDING, 0)
    assert action.next_attempt_at > timezone.now() + datetime.timedelta(minutes=4)
    assert "code 613" in action.last_error

    OutboxAction.objects.filter(pk=action.pk).update(next_attempt_at=timezone.now())
    assert outbox_deliver.call(action.pk) == OutboxState.DONE
    assert fake_graph.effects[-1] == {
        "effect": "block", "target": PAGE, "user": "u9", "key": "ban-1-approve-x"
    }  # fmt: skip
    # It went to the connected account's platform, with the page's token.
    assert fake_graph.requests[-1][2]["access_token"] == TOKEN

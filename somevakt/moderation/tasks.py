import datetime

from django.conf import settings
from django_tasks import task

from somevakt.connectors.base import PlatformError, Target, connector_for
from somevakt.connectors.capabilities import PlatformAction
from somevakt.moderation.models import OutboxAction, OutboxState
from somevakt.moderation.services import outbox_claim, outbox_failed, outbox_succeeded


@task()
def outbox_deliver(action_id: int) -> str:
    """Carry out one platform action. The platform call happens outside any transaction;
    if this process dies after it, the lease runs out and the call is repeated with the
    same idempotency key, which the platform answers as already done."""
    lease = datetime.timedelta(seconds=settings.SOMEVAKT_OUTBOX_LEASE_SECONDS)
    if not outbox_claim(action_id, lease=lease):
        return "not due"
    action = OutboxAction.objects.select_related(
        "case__item__channel", "feedback__case__item__channel"
    ).get(pk=action_id)
    page_id = _page_of(action)
    target = Target(object_id=action.object_id, page_id=page_id, user_id=action.user_id)
    try:
        # The connector registered for the platform, with the page's connected account.
        connector = connector_for(action.platform, page_id=page_id)
        result = connector.act(
            PlatformAction(action.action), target, text=action.text, key=action.key
        )
    except PlatformError as exc:
        outbox_failed(action_id, str(exc), retryable=exc.retryable, retry_after=exc.retry_after)
        return OutboxState.FAILED
    outbox_succeeded(action_id, result)
    return OutboxState.DONE


def _page_of(action: OutboxAction) -> str:
    """The page (channel id on the platform) the action is carried out on."""
    if action.page_id:
        return action.page_id
    case = action.case or (action.feedback.case if action.feedback else None)
    return case.item.channel.external_id if case else ""

import datetime

from django.conf import settings
from django_tasks import task

from somevakt.connectors.capabilities import PlatformAction
from somevakt.connectors.client import PlatformClient, PlatformError, Target
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
    action = OutboxAction.objects.get(pk=action_id)
    target = Target(object_id=action.object_id, page_id=action.page_id, user_id=action.user_id)
    try:
        result = PlatformClient().perform(
            PlatformAction(action.action), target, text=action.text, key=action.key
        )
    except PlatformError as exc:
        outbox_failed(action_id, str(exc), retryable=exc.retryable)
        return OutboxState.FAILED
    outbox_succeeded(action_id, result)
    return OutboxState.DONE

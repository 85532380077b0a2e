import datetime

from django.conf import settings
from django_tasks import task

from somevakt.connectors.base import PlatformError, Published, connector_for
from somevakt.connectors.capabilities import PostAction
from somevakt.publishing.models import PostTarget, TargetState
from somevakt.publishing.services import target_claim, target_failed, target_succeeded


@task()
def target_deliver(target_id: int) -> str:
    """Publish, update or pin one post on one channel. The platform call happens outside
    any transaction; if this process dies after it, the lease runs out and the call is
    repeated with the same idempotency key, which the platform answers with the same post."""
    lease = datetime.timedelta(seconds=settings.SOMEVAKT_OUTBOX_LEASE_SECONDS)
    if not target_claim(target_id, lease=lease):
        return "not due"
    target = PostTarget.objects.select_related("post", "channel").get(pk=target_id)
    channel = target.channel
    connector = connector_for(channel.platform, page_id=channel.external_id)
    try:
        published = _carry_out(connector, target)
    except PlatformError as exc:
        target_failed(target_id, str(exc), retryable=exc.retryable, retry_after=exc.retry_after)
        return TargetState.FAILED
    target_succeeded(target_id, published, account=connector.account)
    return TargetState.DONE


def _carry_out(connector, target: PostTarget) -> Published:
    post = target.post
    match PostAction(target.operation):
        case PostAction.PUBLISH:
            return connector.publish(post.text, page_id=target.channel.external_id, key=target.key)
        case PostAction.UPDATE:
            return connector.update(target.external_id, post.text, key=target.key)
        case PostAction.PIN:
            return connector.pin(target.external_id, pinned=post.is_pinned, key=target.key)
    raise ValueError(f"unknown operation {target.operation!r}")

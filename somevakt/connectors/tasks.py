import datetime
import time

from django.utils import timezone
from django_tasks import task

from somevakt.connectors.base import PlatformError
from somevakt.connectors.models import ConnectedAccount
from somevakt.connectors.services import (
    account_backfill_failed,
    account_backfill_step,
    ingest_bell_answer,
    webhook_deliveries_process,
)

PAGES_PER_RUN = 20  # then the task hands over to a new one, so others get the worker too


@task()
def account_backfill_run(account_id: int) -> str:
    """Backfill an account's history a page at a time; throttling pauses it, it goes on."""
    for _ in range(PAGES_PER_RUN):
        account = ConnectedAccount.objects.get(pk=account_id)
        if account.backfill_state != "running":
            return account.backfill_state
        try:
            more = account_backfill_step(account=account)
        except PlatformError as exc:
            if exc.retry_after is not None or exc.retryable:
                wait = exc.retry_after or datetime.timedelta(seconds=30)
                account_backfill_run.using(run_after=timezone.now() + wait).enqueue(account_id)
                return "waiting"
            account_backfill_failed(account=account, error=str(exc))
            return "failed"
        if not more:
            return "done"
    account_backfill_run.enqueue(account_id)
    return "continued"


TASK_SECONDS = 60  # then a fresh task goes on, so a long surge is not one endless task


@task()
def webhook_delivery_ingest(delivery_id: int | None) -> int:
    """Ingest a received delivery, and then whatever else waits, batch by batch, until
    nothing is due (other workers' tasks take other batches); returns how many."""
    ingest_bell_answer()
    done = 0
    started = time.monotonic()
    while count := webhook_deliveries_process(first=delivery_id if not done else None):
        done += count
        if time.monotonic() - started > TASK_SECONDS:
            webhook_delivery_ingest.enqueue(None)
            break
    return done

"""Work rows taken by one worker at a time: the moderation outbox, archive deliveries and
received webhook deliveries.

A row is due when it waits ("pending") and its next attempt has come, or when it runs
("running") but its worker's lease has run out (the worker died). Taking it is one
conditional UPDATE, so two workers never carry out the same row at once.
"""

import datetime

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

PENDING, RUNNING = "pending", "running"


def due() -> Q:
    now = timezone.now()
    return Q(state=PENDING, next_attempt_at__lte=now) | Q(state=RUNNING, lease_until__lt=now)


def lease_claim(model: type[models.Model], pk: int, *, lease: datetime.timedelta) -> bool:
    claimed = model._default_manager.filter(due(), pk=pk).update(
        state=RUNNING, lease_until=timezone.now() + lease
    )
    return claimed == 1


def due_ids(model: type[models.Model], limit: int = 500) -> list[int]:
    rows = model._default_manager.filter(due()).order_by("pk").values_list("pk", flat=True)
    return list(rows[:limit])


def lease_claim_batch(
    model: type[models.Model],
    *,
    first: int | None = None,
    limit: int,
    lease: datetime.timedelta,
    where: Q | None = None,
) -> tuple[list[int], datetime.datetime]:
    """Take up to `limit` due rows at once: `first` if it is due, then the oldest others.

    Returns their ids and the lease, which names this claim: the worker holds a row only
    while its lease_until is still that value (`lease_held`). Rows another worker is
    taking at this moment are skipped, not waited for.
    """
    until = timezone.now() + lease
    rows = model._default_manager.filter(due())
    if where is not None:
        rows = rows.filter(where)
    with transaction.atomic():
        free = rows.select_for_update(skip_locked=True).order_by("pk")
        ids = list(free.filter(pk=first).values_list("pk", flat=True)) if first else []
        ids += free.exclude(pk__in=ids).values_list("pk", flat=True)[: limit - len(ids)]
        if ids:
            rows.filter(pk__in=ids).update(state=RUNNING, lease_until=until)
    return ids, until


def lease_held(
    model: type[models.Model], ids: list[int], until: datetime.datetime
) -> models.QuerySet:
    """The rows of `ids` still held under the claim `until` (none taken over since)."""
    return model._default_manager.filter(pk__in=ids, state=RUNNING, lease_until=until)


def lease_release(model: type[models.Model], ids: list[int], until: datetime.datetime) -> None:
    """Give rows back untouched, due again at once (after a passing failure)."""
    lease_held(model, ids, until).update(
        state=PENDING, lease_until=None, next_attempt_at=timezone.now()
    )

"""Work rows taken by one worker at a time: the moderation outbox and archive deliveries.

A row is due when it waits ("pending") and its next attempt has come, or when it runs
("running") but its worker's lease has run out (the worker died). Taking it is one
conditional UPDATE, so two workers never carry out the same row at once.
"""

import datetime

from django.db import models
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

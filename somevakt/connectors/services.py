"""Connecting accounts, receiving webhooks, and turning raw changes into items."""

import datetime
import hashlib
import logging
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from somevakt.audit.services import audit_record
from somevakt.connectors.base import PlatformError, RawChange, RawStatus, connector_class
from somevakt.connectors.models import (
    ConnectedAccount,
    DeliveryState,
    RawEvent,
    WebhookDelivery,
)
from somevakt.core.json import loads_storable
from somevakt.core.leases import lease_claim_batch, lease_held, lease_release
from somevakt.inbox.services import items_ingest
from somevakt.organisation.permissions import Action, Actor, require
from somevakt.sources.models import Channel

logger = logging.getLogger(__name__)


def account_rate_limit_record(
    *, account: ConnectedAccount, usage: dict[str, Any], throttled_until: datetime.datetime | None
) -> None:
    """Keep the platform's reported usage, and when it asked us to wait, on the account."""
    fields: dict[str, Any] = {"rate_limit": usage}
    if throttled_until is not None:
        fields["throttled_until"] = throttled_until
        account.throttled_until = throttled_until
    account.rate_limit = usage
    ConnectedAccount.objects.filter(pk=account.pk).update(**fields)


# --- connecting an account ---------------------------------------------------------------


@dataclass(frozen=True)
class AccountSecrets:
    """What the informasjonsansvarlig typed; an empty secret keeps the stored one."""

    access_token: str = ""
    app_secret: str = ""
    verify_token: str = ""


@transaction.atomic
def account_connect(
    *,
    actor: Actor,
    channel: Channel,
    account_id: str,
    secrets: AccountSecrets,
    app_id: str = "",
    api_base_url: str = "",
) -> ConnectedAccount:
    """Connect (or change) the channel's account. Secrets are stored encrypted and never
    written to the audit chain or a log; the chain records that they were set."""
    require(actor, Action.MANAGE_CHANNELS)
    account = ConnectedAccount.objects.filter(channel=channel).first() or ConnectedAccount(
        channel=channel
    )
    account.platform = channel.platform
    account.account_id = account_id.strip()
    account.app_id = app_id.strip()
    account.api_base_url = api_base_url.strip()
    changed = []
    for name in ("access_token", "app_secret", "verify_token"):
        value = getattr(secrets, name).strip()
        if value:
            setattr(account, name, value)
            changed.append(name)
    account.full_clean(exclude=["channel"] if account._state.adding else None)
    action = (
        "connectors.account.connected" if account._state.adding else "connectors.account.changed"
    )
    account.save()
    audit_record(
        actor=actor,
        action=action,
        target=account,
        data={
            "channel": channel.slug,
            "account_id": account.account_id,
            "app_id": account.app_id,
            "api_base_url": account.api_base_url,
            "secrets_set": changed,
        },
    )
    transaction.on_commit(webhook_secrets_forget)
    return account


def account_test(*, actor: Actor, account: ConnectedAccount) -> ConnectedAccount:
    """Call the platform with the stored credentials and keep what it answered."""
    require(actor, Action.MANAGE_CHANNELS)
    connector = connector_class(account.platform).for_account(account)
    try:
        answer, ok = _("Connected: %(answer)s") % {"answer": connector.test_connection()}, True
    except PlatformError as exc:
        answer, ok = _("The platform refused: %(error)s") % {"error": exc}, False
    except NotImplementedError:
        answer, ok = _("This platform has no connection test yet."), False
    account.last_test_at, account.last_test_result, account.last_test_ok = (
        timezone.now(),
        answer,
        ok,
    )
    ConnectedAccount.objects.filter(pk=account.pk).update(
        last_test_at=account.last_test_at, last_test_result=answer, last_test_ok=ok
    )
    audit_record(actor=actor, action="connectors.account.tested", target=account, data={"ok": ok})
    return account


@transaction.atomic
def account_backfill_start(*, actor: Actor, account: ConnectedAccount) -> ConnectedAccount:
    """Fetch the history from before the connection, page by page, in the worker."""
    require(actor, Action.MANAGE_CHANNELS)
    from somevakt.connectors.tasks import account_backfill_run

    account = ConnectedAccount.objects.select_for_update().get(pk=account.pk)
    if account.backfill_state == "running":
        return account
    account.backfill_state, account.backfill_cursor = "running", {}
    account.backfill_items, account.backfill_error = 0, ""
    account.save(
        update_fields=["backfill_state", "backfill_cursor", "backfill_items", "backfill_error"]
    )
    audit_record(actor=actor, action="connectors.backfill.started", target=account)
    transaction.on_commit(lambda: account_backfill_run.enqueue(account.pk))
    return account


def account_backfill_step(*, account: ConnectedAccount) -> bool:
    """Fetch and ingest one page of history; True while there is more. The cursor is
    stored with the page's items, so a stopped backfill goes on where it was."""
    connector = connector_class(account.platform).for_account(account)
    page = connector.backfill(account.backfill_cursor or None)
    with transaction.atomic():
        summary = raw_changes_ingest(
            platform=account.platform,
            changes=[(change, None) for change in page.changes],
            source="backfill",
            account=account,
        )
        account.backfill_cursor = page.cursor or {}
        account.backfill_items += summary.ingested
        account.backfill_state = "running" if page.cursor else "done"
        account.save(update_fields=["backfill_cursor", "backfill_items", "backfill_state"])
    return page.cursor is not None


def account_backfill_failed(*, account: ConnectedAccount, error: str) -> None:
    ConnectedAccount.objects.filter(pk=account.pk).update(
        backfill_state="failed", backfill_error=error
    )


# --- webhooks ------------------------------------------------------------------------------


_SECRETS: dict[str, tuple[float, list[str], list[str]]] = {}
SECRETS_TTL = 30.0  # seconds a process trusts its list of app secrets


def webhook_secrets_forget() -> None:
    _SECRETS.clear()


def webhook_secrets(platform: str) -> tuple[list[str], list[str]]:
    """(app secrets, verify tokens) of the platform's active accounts, decrypted once per
    SECRETS_TTL per process, so the request path does no query and no decryption."""
    cached = _SECRETS.get(platform)
    if cached is None or time.monotonic() - cached[0] > SECRETS_TTL:
        accounts = list(ConnectedAccount.objects.filter(platform=platform, is_active=True))
        app_secrets = sorted({a.app_secret for a in accounts if a.app_secret})
        verify_tokens = sorted({a.verify_token for a in accounts if a.verify_token})
        cached = (time.monotonic(), app_secrets, verify_tokens)
        _SECRETS[platform] = cached
    return cached[1], cached[2]


def webhook_delivery_store(*, platform: str, body: bytes, signature: str) -> int | None:
    """Keep a verified body; its id, or None if the same body was received before (a retry)."""
    digest = hashlib.sha256(body).hexdigest()
    delivery = WebhookDelivery(
        platform=platform, body=body.decode("utf-8"), body_sha256=digest, signature=signature[:200]
    )
    try:
        if transaction.get_connection().in_atomic_block:
            with transaction.atomic():
                delivery.save(force_insert=True)
        else:  # one INSERT, committed on its own: the cheapest durable write
            delivery.save(force_insert=True)
    except IntegrityError:
        WebhookDelivery.objects.filter(platform=platform, body_sha256=digest).update(
            retries=F("retries") + 1
        )
        return None
    return delivery.pk


def webhook_delivery_enqueue(delivery_id: int) -> None:
    """Hand a stored delivery to the workers once it is committed. If the queue cannot be
    reached the delivery still waits in the database, and the sweeper
    (`connectors ingest --follow`) ingests it; the platform gets its 200 either way."""
    from somevakt.connectors.tasks import webhook_delivery_ingest

    def enqueue() -> None:
        try:
            if ingest_bell_ring():
                webhook_delivery_ingest.enqueue(delivery_id)
        except Exception:  # noqa: BLE001 - the queue is down; the sweeper takes over
            logger.warning(
                "webhook delivery %s could not be queued; the sweeper will ingest it",
                delivery_id,
                exc_info=True,
            )

    transaction.on_commit(enqueue)


# On RQ, a surge of thousands of deliveries a second must not become as many tasks (each
# costs a worker far more than the ingestion it would share in a batch). A delivery queues
# a task only if none is waiting: the task's first act is to answer the bell, and then it
# ingests until nothing is due, so every delivery committed while the bell rang is found by
# a task that starts after it. The bell expires, in case its task is lost with Redis.
INGEST_BELL = "somevakt:webhook-ingest-bell"
INGEST_BELL_MS = 10_000


def _bell_redis() -> Any:
    from django.conf import settings

    if settings.TASKS["default"]["BACKEND"] != "django_tasks_rq.RQBackend":
        return None
    import django_rq

    return django_rq.get_connection("default")


def ingest_bell_ring() -> bool:
    """True if a task should be queued (none is waiting yet)."""
    redis = _bell_redis()
    return redis is None or bool(redis.set(INGEST_BELL, 1, nx=True, px=INGEST_BELL_MS))


def ingest_bell_answer() -> None:
    redis = _bell_redis()
    if redis is not None:
        redis.delete(INGEST_BELL)


# Database errors that say nothing about the delivery (connection lost, deadlock, server
# restarting): the delivery is given back and tried again, never marked failed.
PASSING_ERRORS = (OperationalError, InterfaceError)
PASSING_ATTEMPTS = 3


def webhook_deliveries_process(
    *, first: int | None = None, limit: int = 50, older_than: float = 0
) -> int:
    """Claim up to `limit` due deliveries (`first` among them if it is due; only those
    received `older_than` seconds ago or earlier) and ingest them oldest first, in one
    transaction; returns how many were claimed.

    Workers on many machines call this at once: a claim is a lease (core/leases.py), so no
    two ingest the same delivery, and the ingesting transaction commits only while the
    lease is still its own, so a delivery is ingested exactly once even when a slow
    worker's lease ran out and another took it. A worker that dies leaves a lease that
    runs out (SOMEVAKT_WEBHOOK_LEASE_SECONDS); then the delivery is due again. A batch
    that fails as a whole is done again one delivery at a time, so one bad delivery is
    marked failed (with the error) and does not hold up the others.
    """
    from django.conf import settings

    lease = datetime.timedelta(seconds=settings.SOMEVAKT_WEBHOOK_LEASE_SECONDS)
    where = None
    if older_than:
        where = Q(received_at__lte=timezone.now() - datetime.timedelta(seconds=older_than))
    ids, until = lease_claim_batch(
        WebhookDelivery, first=first, limit=limit, lease=lease, where=where
    )
    if not ids:
        return 0
    for attempt in range(1, PASSING_ATTEMPTS):
        try:
            _deliveries_held_ingest(ids, until)
            return len(ids)
        except PASSING_ERRORS:
            logger.warning("ingesting %s deliveries: attempt %s failed", len(ids), attempt)
            time.sleep(0.2 * attempt)
    try:
        _deliveries_held_ingest(ids, until)
    except PASSING_ERRORS:
        _release(ids, until)
        raise
    return len(ids)


def _release(ids: list[int], until: datetime.datetime) -> None:
    try:
        lease_release(WebhookDelivery, ids, until)
    except PASSING_ERRORS:
        pass  # the database is away; the lease runs out instead


def _deliveries_held_ingest(ids: list[int], until: datetime.datetime) -> None:
    with transaction.atomic():
        # Locked first: a worker that takes over an expired lease skips them until this
        # commits, and then finds them processed.
        deliveries = list(
            lease_held(WebhookDelivery, ids, until).select_for_update().order_by("pk")
        )
        if not deliveries:
            return
        try:
            with transaction.atomic():
                _deliveries_ingest(deliveries)
            return
        except PASSING_ERRORS:
            raise
        except Exception:  # noqa: BLE001 - retried one by one below, each error kept
            logger.warning(
                "a batch of %s deliveries failed; ingesting one by one",
                len(deliveries),
                exc_info=True,
            )
        for delivery in deliveries:
            try:
                with transaction.atomic():
                    _deliveries_ingest([delivery])
            except PASSING_ERRORS:
                raise
            except Exception as exc:  # noqa: BLE001 - kept on the delivery, shown in the UI
                logger.exception("webhook delivery %s could not be ingested", delivery.pk)
                WebhookDelivery.objects.filter(pk=delivery.pk).update(
                    state=DeliveryState.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000]
                )


def _deliveries_ingest(deliveries: list[WebhookDelivery]) -> None:
    by_platform: dict[str, list[tuple[RawChange, WebhookDelivery | None]]] = defaultdict(list)
    broken: dict[int, str] = {}
    for delivery in deliveries:
        connector = connector_class(delivery.platform)
        try:
            changes = connector.parse_webhook(loads_storable(delivery.body))
        except ValueError as exc:
            broken[delivery.pk] = str(exc)
            continue
        by_platform[delivery.platform] += [(change, delivery) for change in changes]
    for platform, received in by_platform.items():
        raw_changes_ingest(platform=platform, changes=received, source="webhook")
    now = timezone.now()
    ok = [d.pk for d in deliveries if d.pk not in broken]
    WebhookDelivery.objects.filter(pk__in=ok).update(
        state=DeliveryState.PROCESSED, processed_at=now
    )
    for pk, error in broken.items():
        WebhookDelivery.objects.filter(pk=pk).update(
            state=DeliveryState.FAILED, processed_at=now, error=error
        )


# --- raw changes into items ----------------------------------------------------------------


@dataclass
class RawSummary:
    received: int = 0
    duplicates: int = 0
    ingested: int = 0
    reported: int = 0  # unknown or rejected: shown to the informasjonsansvarlig
    skipped: int = 0


def raw_changes_ingest(
    *,
    platform: str,
    changes: list[tuple[RawChange, WebhookDelivery | None]],
    source: str,
    account: ConnectedAccount | None = None,
) -> RawSummary:
    """Keep every change not seen before as a RawEvent and ingest the item events among
    them; a change seen before (same dedup key) changes nothing. Call in a transaction.

    Every connector's webhook, poll and backfill ends here.
    """
    summary = RawSummary(received=len(changes))
    fresh: dict[str, tuple[RawChange, WebhookDelivery | None]] = {}
    for change, delivery in changes:
        fresh.setdefault(change.dedup_key, (change, delivery))
    seen = set(
        RawEvent.objects.filter(platform=platform, dedup_key__in=list(fresh)).values_list(
            "dedup_key", flat=True
        )
    )
    for key in seen:
        del fresh[key]
    summary.duplicates = len(changes) - len(fresh)
    pages = {c.event.channel for c, _d in fresh.values() if c.event is not None}
    known = set(
        Channel.objects.filter(platform=platform, external_id__in=pages).values_list(
            "external_id", flat=True
        )
    )
    events = []
    for change, _delivery in fresh.values():
        if change.status == RawStatus.INGESTED and change.event is not None:
            if change.event.channel not in known:
                change.status = RawStatus.REJECTED
                change.reason = (
                    f"page {change.event.channel} is not registered as a channel; register "
                    "it in the channel registry and connect its account"
                )
            else:
                events.append(change.event)
        elif change.status == RawStatus.INGESTED:
            change.status, change.reason = RawStatus.REJECTED, "no item event"
    RawEvent.objects.bulk_create(
        [
            RawEvent(
                platform=platform,
                account=account,
                delivery=delivery,
                source=source,
                dedup_key=change.dedup_key,
                field=change.field[:60],
                verb=change.verb[:60],
                external_id=change.external_id[:200],
                payload=change.payload,
                status=change.status,
                reason=change.reason,
            )
            for change, delivery in fresh.values()
        ],
        ignore_conflicts=True,
    )
    if events:
        items_ingest(events=events, actor=None)
    statuses = [change.status for change, _d in fresh.values()]
    summary.ingested = statuses.count(RawStatus.INGESTED)
    summary.skipped = statuses.count(RawStatus.SKIPPED)
    summary.reported = len(statuses) - summary.ingested - summary.skipped
    return summary


# --- polling and streaming (platforms that do not push webhooks) --------------------------

POLL_PAGES_PER_ROUND = 50  # then the next account gets its turn


def account_poll_step(*, account: ConnectedAccount) -> bool:
    """Ask the platform for one page of what is new and ingest it; True while it has more
    ready now. Throttling is recorded as a wait on the account, not as a failure."""
    from somevakt.connectors.base import ThrottledError

    now = timezone.now()
    if account.throttled_until and account.throttled_until > now:
        return False
    connector = connector_class(account.platform).for_account(account)
    try:
        page = connector.poll(account.poll_cursor or None)
    except ThrottledError as exc:
        wait = exc.retry_after or datetime.timedelta(minutes=5)
        account.throttled_until = now + wait
        ConnectedAccount.objects.filter(pk=account.pk).update(throttled_until=now + wait)
        logger.info("%s is throttled for %s", account, wait)
        return False
    with transaction.atomic():  # the items and the cursor that found them, together
        raw_changes_ingest(
            platform=account.platform,
            changes=[(change, None) for change in page.changes],
            source="poll",
            account=account,
        )
        account.poll_cursor, account.polled_at = page.cursor or {}, timezone.now()
        account.save(update_fields=["poll_cursor", "polled_at"])
    return bool(page.cursor and page.cursor.get("more"))


def accounts_poll_due(*, interval: datetime.timedelta | None = None) -> int:
    """Poll every active polled account not asked within the interval; pages fetched.

    One account's error is logged and does not stop the others.
    """
    from django.conf import settings

    from somevakt.connectors.base import IngestMode

    interval = interval or datetime.timedelta(seconds=settings.SOMEVAKT_POLL_INTERVAL_SECONDS)
    due_before = timezone.now() - interval
    pages = 0
    for account in ConnectedAccount.objects.filter(is_active=True).order_by("polled_at"):
        if IngestMode.POLL not in connector_class(account.platform).ingest_modes:
            continue
        if account.polled_at and account.polled_at > due_before:
            continue
        try:
            for _round in range(POLL_PAGES_PER_ROUND):
                pages += 1
                if not account_poll_step(account=account):
                    break
        except PlatformError as exc:
            logger.warning("polling %s failed: %s", account, exc)
    return pages


def stream_changes_ingest(*, account: ConnectedAccount, changes: list[RawChange]) -> RawSummary:
    """Keep and ingest what a stream sent. A stream's deletion names only an id, and it
    comes for every status on the home timeline: only those of items held are kept."""
    from somevakt.inbox.events import EventType
    from somevakt.inbox.models import Item

    deletions = [c for c in changes if c.event is not None and c.event.event == EventType.DELETE]
    held = set(
        Item.objects.filter(
            platform=account.platform, external_id__in=[c.external_id for c in deletions]
        ).values_list("external_id", flat=True)
    )
    for change in deletions:
        if change.external_id not in held:
            change.status, change.reason = RawStatus.SKIPPED, "a deletion of an item not held"
    with transaction.atomic():
        return raw_changes_ingest(
            platform=account.platform,
            changes=[(change, None) for change in changes],
            source="stream",
            account=account,
        )


# --- insights (followers and reach per channel, from the platforms) ------------------------

INSIGHTS_FIRST_DAYS = 28  # history fetched the first time
INSIGHTS_REVISED_DAYS = 2  # platforms revise the last days: fetched again the next day
INSIGHTS_RETRY = datetime.timedelta(hours=1)  # after a failed attempt


def account_insights_fetch(
    *, account: ConnectedAccount, now: datetime.datetime | None = None
) -> int:
    """Fetch the ended days' insights of the account's page and record them (source: the
    platform); returns how many days were recorded. A day reported again replaces its
    figures. Throttling is a wait on the account; any other failure is kept on the
    account (insights_error) and tried again after INSIGHTS_RETRY, never raised."""
    from somevakt.connectors.base import ThrottledError
    from somevakt.reports.services import InsightError, insight_record

    now = now or timezone.now()
    if account.throttled_until and account.throttled_until > now:
        return 0
    last = timezone.localdate(now) - datetime.timedelta(days=1)
    if account.insights_through:
        first = account.insights_through - datetime.timedelta(days=INSIGHTS_REVISED_DAYS)
    else:
        first = last - datetime.timedelta(days=INSIGHTS_FIRST_DAYS - 1)
    try:
        days = connector_class(account.platform).for_account(account).insights(first, last)
        with transaction.atomic():  # all days, or none and the error
            for day in days:
                insight_record(
                    actor=None,
                    channel=account.channel,
                    date=day.date,
                    source=account.platform,
                    followers=day.followers,
                    reach=day.reach,
                    impressions=day.impressions,
                )
            account.insights_through, account.insights_error = last, ""
            account.insights_checked_at = now
            account.save(
                update_fields=["insights_through", "insights_error", "insights_checked_at"]
            )
    except ThrottledError as exc:
        wait = exc.retry_after or datetime.timedelta(minutes=5)
        account.throttled_until = now + wait
        ConnectedAccount.objects.filter(pk=account.pk).update(throttled_until=now + wait)
        logger.info("%s is throttled for %s", account, wait)
        return 0
    except (PlatformError, InsightError) as exc:
        logger.warning("insights of %s failed: %s", account, exc)
        account.insights_error, account.insights_checked_at = str(exc), now
        ConnectedAccount.objects.filter(pk=account.pk).update(
            insights_error=str(exc), insights_checked_at=now
        )
        return 0
    return len(days)


def accounts_insights_due(*, now: datetime.datetime | None = None) -> int:
    """Fetch insights for every active account whose platform offers them and whose
    yesterday is not yet recorded: once a day, after the day ended. Returns days recorded."""
    now = now or timezone.now()
    yesterday = timezone.localdate(now) - datetime.timedelta(days=1)
    recorded = 0
    accounts = ConnectedAccount.objects.filter(is_active=True).select_related("channel")
    for account in accounts.order_by("pk"):
        if not connector_class(account.platform).insights_offered:
            continue
        if account.insights_through and account.insights_through >= yesterday:
            continue
        if account.insights_checked_at and account.insights_checked_at > now - INSIGHTS_RETRY:
            continue
        recorded += account_insights_fetch(account=account, now=now)
    return recorded

import datetime

from django.db.models import Q
from django.utils import timezone

from somevakt.connectors.base import CONNECTORS, IngestMode, RawStatus, connector_class
from somevakt.connectors.models import ConnectedAccount, RawEvent


def account_for_page(*, platform: str, page_id: str) -> ConnectedAccount | None:
    """The active account connected for a page (or account) id, if any."""
    return ConnectedAccount.objects.filter(
        platform=platform, account_id=page_id, is_active=True
    ).first()


def accounts_overview() -> list[ConnectedAccount]:
    return list(ConnectedAccount.objects.select_related("channel").order_by("channel__name"))


def raw_events_reported(limit: int = 50) -> list[RawEvent]:
    """Changes somevakt did not understand or could not place: for the informasjonsansvarlig."""
    return list(
        RawEvent.objects.filter(status__in=[RawStatus.UNKNOWN, RawStatus.REJECTED]).order_by(
            "-received_at", "-id"
        )[:limit]
    )


def accounts_due_for_poll(*, every: datetime.timedelta) -> list[ConnectedAccount]:
    """Active accounts of polled platforms not asked for `every`, and not told to wait."""
    now = timezone.now()
    polled = [p for p in CONNECTORS if IngestMode.POLL in connector_class(p).ingest_modes]
    return list(
        ConnectedAccount.objects.filter(platform__in=polled, is_active=True)
        .filter(Q(polled_at__isnull=True) | Q(polled_at__lte=now - every))
        .filter(Q(throttled_until__isnull=True) | Q(throttled_until__lte=now))
        .order_by("polled_at")
    )

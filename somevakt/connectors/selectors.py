from somevakt.connectors.base import RawStatus
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

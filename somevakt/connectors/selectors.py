from somevakt.connectors.models import ConnectedAccount


def account_for_page(*, platform: str, page_id: str) -> ConnectedAccount | None:
    """The active account connected for a page (or account) id, if any."""
    return ConnectedAccount.objects.filter(
        platform=platform, account_id=page_id, is_active=True
    ).first()

"""Connecting accounts, receiving webhooks, and turning raw changes into items."""

import datetime
from typing import Any

from somevakt.connectors.models import ConnectedAccount


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

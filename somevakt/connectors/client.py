"""The Graph-style HTTP client that carries out moderation actions on a platform.

It speaks the Graph API's shapes (form-encoded writes, `{"error": {...}}` answers). The
Facebook connector builds on it; platforms without a connector of their own use it
against the local fake platform (`manage.py fakeplatform`, settings.SOMEVAKT_PLATFORM_API_URL),
which answers the same way.
"""

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, ClassVar

from django.conf import settings

from somevakt.connectors.base import Connector, PlatformError, Target
from somevakt.connectors.capabilities import PlatformAction
from somevakt.core.json import loads_storable

__all__ = ["GraphConnector", "PlatformClient", "PlatformError", "Target"]

# Graph API codes for throttling and temporary trouble: wait and try again.
RETRYABLE_CODES = frozenset({1, 2, 4, 17, 32, 341, 613})
OBJECT_MISSING = 100


class GraphConnector(Connector):
    """Acts through Graph-style calls; subclasses add ingestion and authentication."""

    platform: ClassVar[str] = ""
    timeout = 10.0

    def __init__(self, *, account=None, base_url: str = ""):
        super().__init__(account=account, base_url=base_url or settings.SOMEVAKT_PLATFORM_API_URL)
        if urllib.parse.urlsplit(self.base_url).scheme not in ("http", "https"):
            raise ValueError(
                f"SOMEVAKT_PLATFORM_API_URL={self.base_url!r} is not an http(s) address; "
                'set it to e.g. "http://127.0.0.1:8001/v21.0".'
            )

    def act(
        self, action: PlatformAction, target: Target, *, text: str = "", key: str = ""
    ) -> dict[str, Any]:
        return self.perform(action, target, text=text, key=key)

    def perform(
        self, action: PlatformAction, target: Target, *, text: str = "", key: str = ""
    ) -> dict[str, Any]:
        """Carry out one action; the idempotency key travels along for the platform's log."""
        match action:
            case PlatformAction.HIDE | PlatformAction.UNHIDE:
                hidden = "true" if action is PlatformAction.HIDE else "false"
                return self._call("POST", target.object_id, {"is_hidden": hidden}, key)
            case PlatformAction.DELETE:
                try:
                    return self._call("DELETE", target.object_id, {}, key)
                except PlatformError as exc:
                    if (
                        exc.code == OBJECT_MISSING
                    ):  # deleted already: by us before a crash, or by its author
                        return {"success": True, "already_deleted": True}
                    raise
            case PlatformAction.BAN:
                return self._call(
                    "POST", f"{target.page_id}/blocked", {"user": target.user_id}, key
                )
            case PlatformAction.UNBAN:
                return self._call(
                    "DELETE", f"{target.page_id}/blocked", {"user": target.user_id}, key
                )
            case PlatformAction.REPLY:
                return self._call("POST", f"{target.object_id}/comments", {"message": text}, key)
            case PlatformAction.PRIVATE_REPLY:
                return self._call(
                    "POST", f"{target.object_id}/private_replies", {"message": text}, key
                )
        raise ValueError(f"unknown platform action {action!r}")

    def _call(
        self,
        method: str,
        path: str,
        fields: dict[str, str],
        key: str = "",
        query: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """One Graph call. Writes are form-encoded; the token goes in the body (or the
        query for GET/DELETE), never in a log line."""
        self.before_call()
        fields = {**fields, **self.auth_fields()}
        query = dict(query or {})
        if method in ("GET", "DELETE"):
            query |= fields
            fields = {}
        url = f"{self.base_url}/{urllib.parse.quote(path)}"
        if query:
            url += "?" + urllib.parse.urlencode(query)
        body = urllib.parse.urlencode(fields).encode() if fields else None
        headers = {"Accept": "application/json"}
        if key:
            headers["Idempotency-Key"] = key
        request = urllib.request.Request(  # noqa: S310 (http(s) checked above)
            url, data=body, method=method, headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                self.after_call(response.headers)
                return loads_storable(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            self.after_call(exc.headers)
            raise self.error_from(exc.code, exc.reason, exc.read()) from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            reason = getattr(exc, "reason", exc)
            raise PlatformError(
                f"The platform at {self.base_url} did not answer: {reason}", retryable=True
            ) from None

    # Hooks for the connectors built on this client.
    def auth_fields(self) -> dict[str, str]:
        return {}

    def before_call(self) -> None:
        pass

    def after_call(self, headers: Any) -> None:
        pass

    def error_from(self, status: int, reason: str, body: bytes) -> PlatformError:
        return graph_error(status, reason, body)


# Kept for callers that know the client by its first name.
PlatformClient = GraphConnector


def graph_error(status: int, reason: str, body: bytes) -> PlatformError:
    """A Graph error envelope as a PlatformError that says whether to try again."""
    try:
        error = json.loads(body)["error"]
        code = int(error.get("code"))
        message = f"{error.get('message', 'error')} (code {code}, HTTP {status})"
    except (ValueError, KeyError, TypeError):
        code = None
        message = f"HTTP {status} {reason}"
    retryable = status >= 500 or status == 429 or code in RETRYABLE_CODES
    return PlatformError(message, code=code, retryable=retryable)

"""The HTTP client that carries out moderation actions on a platform.

It speaks the Graph API's shapes (form-encoded writes, `{"error": {...}}` answers). Until
the platform connectors are connected, settings.SOMEVAKT_PLATFORM_API_URL points at the
local fake platform (`manage.py fakeplatform`), which answers the same way.
"""

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from somevakt.connectors.capabilities import PlatformAction

# Graph API codes for throttling and temporary trouble: wait and try again.
RETRYABLE_CODES = frozenset({1, 2, 4, 17, 32, 341, 613})
OBJECT_MISSING = 100


class PlatformError(Exception):
    def __init__(self, message: str, *, code: int | None = None, retryable: bool = False):
        super().__init__(message)
        self.code = code
        self.retryable = retryable


@dataclass(frozen=True)
class Target:
    """What an action is about: the object on the platform, and for bans the page and user."""

    object_id: str = ""
    page_id: str = ""
    user_id: str = ""


class PlatformClient:
    def __init__(self, base_url: str | None = None, timeout: float = 10.0):
        self.base_url = (base_url or settings.SOMEVAKT_PLATFORM_API_URL).rstrip("/")
        if urllib.parse.urlsplit(self.base_url).scheme not in ("http", "https"):
            raise ValueError(
                f"SOMEVAKT_PLATFORM_API_URL={self.base_url!r} is not an http(s) address; "
                'set it to e.g. "http://127.0.0.1:8001/v21.0".'
            )
        self.timeout = timeout

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

    def _call(self, method: str, path: str, fields: dict[str, str], key: str) -> dict[str, Any]:
        body = urllib.parse.urlencode(fields).encode() if fields else None
        request = urllib.request.Request(  # noqa: S310 (http(s) checked above)
            f"{self.base_url}/{urllib.parse.quote(path)}",
            data=body,
            method=method,
            headers={"Idempotency-Key": key, "Accept": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            raise _error_from(exc) from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            reason = getattr(exc, "reason", exc)
            raise PlatformError(
                f"The platform at {self.base_url} did not answer: {reason}", retryable=True
            ) from None


def _error_from(exc: urllib.error.HTTPError) -> PlatformError:
    try:
        error = json.loads(exc.read())["error"]
        code = int(error.get("code"))
        message = f"{error.get('message', 'error')} (code {code}, HTTP {exc.code})"
    except (ValueError, KeyError, TypeError):
        code = None
        message = f"HTTP {exc.code} {exc.reason}"
    retryable = exc.code >= 500 or exc.code == 429 or code in RETRYABLE_CODES
    return PlatformError(message, code=code, retryable=retryable)

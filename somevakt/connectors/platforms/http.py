"""The HTTP transport the platform connectors share: JSON in and out over urllib, and
errors that say whether to wait (throttled), retry (temporary) or give up (permanent)."""

import base64
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import timedelta
from email.utils import parsedate_to_datetime
from typing import Any

from somevakt.connectors.base import PermanentError, RetryableError, ThrottledError
from somevakt.core.json import loads_storable

MAX_WAIT_SECONDS = 24 * 3600.0


class Throttled(ThrottledError):
    """The platform asks us to slow down: wait `wait_seconds`, then try again. Not a failure."""

    def __init__(self, message: str, *, wait_seconds: float, code: int | None = None):
        self.wait_seconds = max(0.0, min(wait_seconds, MAX_WAIT_SECONDS))
        super().__init__(message, code=code, retry_after=timedelta(seconds=self.wait_seconds))


@dataclass
class Response:
    status: int
    headers: dict[str, str]  # lower-cased names
    body: Any

    def header_float(self, name: str) -> float | None:
        try:
            return float(self.headers[name])
        except (KeyError, ValueError):
            return None


@dataclass
class Transport:
    """One platform's base address and credentials; every call is one HTTP request."""

    base_url: str
    headers: dict[str, str] = field(default_factory=dict)
    timeout: float = 10.0

    def __post_init__(self) -> None:
        self.base_url = self.base_url.rstrip("/")
        if urllib.parse.urlsplit(self.base_url).scheme not in ("http", "https"):
            raise ValueError(f"{self.base_url!r} is not an http(s) address")

    @classmethod
    def bearer(cls, base_url: str, token: str, **kwargs: Any) -> "Transport":
        return cls(base_url, {"Authorization": f"Bearer {token}"}, **kwargs)

    @classmethod
    def basic(cls, base_url: str, user: str, password: str, **kwargs: Any) -> "Transport":
        pair = base64.b64encode(f"{user}:{password}".encode()).decode()
        return cls(base_url, {"Authorization": f"Basic {pair}"}, **kwargs)

    def url(self, path: str, params: dict[str, Any] | None = None) -> str:
        query = urllib.parse.urlencode({k: v for k, v in (params or {}).items() if v is not None})
        return f"{self.base_url}/{path.lstrip('/')}" + (f"?{query}" if query else "")

    def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json_body: Any = None,
        form: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        headers = {"Accept": "application/json", **self.headers, **(headers or {})}
        data = None
        if json_body is not None:
            data = json.dumps(json_body).encode()
            headers["Content-Type"] = "application/json"
        elif form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(  # noqa: S310 (http(s) checked in __post_init__)
            self.url(path, params), data=data, method=method, headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310
                return _response(answer.status, answer.headers, answer.read())
        except urllib.error.HTTPError as exc:
            return _response(exc.code, exc.headers, exc.read())
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            reason = getattr(exc, "reason", exc)
            raise RetryableError(f"{self.base_url} did not answer: {reason}") from None


def _response(status: int, headers: Any, raw: bytes) -> Response:
    lowered = {name.lower(): value for name, value in headers.items()}
    try:
        body = loads_storable(raw) if raw else None
    except ValueError:
        body = raw.decode("utf-8", "replace")
    return Response(status, lowered, body)


def retry_after(response: Response, default: float = 60.0) -> float:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    value = response.headers.get("retry-after")
    if value is None:
        return default
    try:
        return float(value)
    except ValueError:
        try:
            return parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError):
            return default


def raise_for_status(response: Response, platform: str) -> Response:
    """Map an answer to Throttled (429), a retryable error (5xx) or a permanent one (4xx)."""
    if response.status < 400:
        return response
    message = f"{platform}: HTTP {response.status}: {_message(response.body)}"
    if response.status == 429:
        raise Throttled(message, wait_seconds=retry_after(response))
    if response.status == 503 and "retry-after" in response.headers:
        raise Throttled(message, wait_seconds=retry_after(response))
    if response.status >= 500:
        raise RetryableError(message, code=response.status)
    raise PermanentError(message, code=response.status)


def _message(body: Any) -> str:
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict):
            return str(error.get("message") or error)
        for key in ("message", "detail", "title", "error"):
            if body.get(key):
                return str(body[key])
        if isinstance(body.get("errors"), list) and body["errors"]:
            return "; ".join(str(e.get("message", e)) for e in body["errors"])
    return str(body)[:300]

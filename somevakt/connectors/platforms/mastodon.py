"""Mastodon: the account's streaming API (server-sent events) with reconnect and
backoff, polling of mention notifications and the account's own statuses, replies
(public or direct), blocking as the ban, and reports to the author's server.

Auth: an access token of an application registered on the instance (scopes read,
write:statuses, write:blocks, write:reports), sent as `Authorization: Bearer`. The
instance address is the account's API address; its id on the instance is the account id.

The stream (GET /api/v1/streaming/user) carries `update` (a status on the home timeline:
only the account's own are items), `notification` (mentions are items), `status.update`
(an edit, a new version) and `delete` (a status id). When it drops, the client waits
(1 s, doubling to a minute; reset once events flow again), reconnects, and first polls
what it missed. Publishing is POST /api/v1/statuses with Mastodon's own Idempotency-Key
header (a repeat gives the same status), an edit PUT /api/v1/statuses/{id}, pinning
POST /api/v1/statuses/{id}/pin or /unpin. Mastodon lets only the author's server
delete a post and has no hiding of others' replies; `report` files a report with the
author's server instead.
X-RateLimit-Remaining/-Reset are read on every answer; a 429 is a wait.
"""

import html
import logging
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from django.conf import settings

from somevakt.connectors.base import (
    IngestMode,
    Page,
    PermanentError,
    PlatformError,
    Published,
    RawChange,
    RawStatus,
    Target,
)
from somevakt.connectors.capabilities import PlatformAction
from somevakt.connectors.platforms.common import (
    PlatformConnector,
    digest,
    now_utc,
    parse_time,
    raw_change,
)
from somevakt.connectors.platforms.http import (
    Response,
    Throttled,
    Transport,
    raise_for_status,
    retry_after,
)
from somevakt.core.json import loads_storable
from somevakt.inbox.events import Attachment, EventAuthor, EventType, ItemEvent
from somevakt.inbox.models import ItemKind

logger = logging.getLogger(__name__)

PAGE_SIZE = 40  # Mastodon's largest page
_TAGS = re.compile(r"<[^>]+>")
_BREAKS = re.compile(r"<br\s*/?>|</p>\s*<p>", re.IGNORECASE)
_NEXT = re.compile(r"<[^>]*[?&]max_id=([^&>]+)[^>]*>;\s*rel=\"next\"")


def plain_text(content: str) -> str:
    return html.unescape(_TAGS.sub("", _BREAKS.sub("\n", content))).strip()


@dataclass
class Backoff:
    """Pauses between reconnects: doubling from `first` up to `most`, reset on success."""

    first: float = 1.0
    most: float = 60.0
    current: float = 0.0
    waited: list[float] = field(default_factory=list)  # every pause taken, for the record

    def next(self, at_least: float = 0.0) -> float:
        self.current = min(self.most, self.current * 2 if self.current else self.first)
        pause = max(self.current, min(at_least, self.most * 60))
        self.waited.append(pause)
        return pause

    def reset(self) -> None:
        self.current = 0.0


class MastodonConnector(PlatformConnector):
    platform: ClassVar[str] = "mastodon"
    ingest_modes = frozenset({IngestMode.POLL, IngestMode.BACKFILL})

    def __init__(
        self, *, instance_url: str, account_id: str, access_token: str, account: Any = None
    ):
        super().__init__(account=account, base_url=instance_url)
        self.http = Transport.bearer(instance_url, access_token)
        self.account_id = account_id
        self.token = access_token

    @classmethod
    def for_account(cls, account: Any) -> "MastodonConnector":
        return cls(
            instance_url=account.api_base_url,
            account_id=account.account_id,
            access_token=account.access_token,
            account=account,
        )

    @classmethod
    def demo(cls) -> "MastodonConnector":
        from somevakt.connectors.platforms.fakes import mastodon as fake

        return cls(
            instance_url=f"{settings.SOMEVAKT_DEMO_PLATFORMS_URL}/mastodon",
            account_id=fake.ACCOUNT,
            access_token=fake.ACCESS_TOKEN,
        )

    def test_connection(self) -> str:
        me = self._call("GET", "api/v1/accounts/verify_credentials").body
        return f"@{me.get('acct', '')} ({me.get('id', '')})"

    def _call(self, method: str, path: str, **kwargs: Any) -> Response:
        response = self.http.request(method, path, **kwargs)
        if response.status == 429:
            reset = parse_time(response.headers.get("x-ratelimit-reset"))
            wait = (reset - now_utc()).total_seconds() if reset else retry_after(response, 300)
            raise Throttled("Mastodon: rate limit reached", wait_seconds=wait)
        return raise_for_status(response, "Mastodon")

    # --- ingest: poll and backfill --------------------------------------------------

    def _mentions(self, **params: Any) -> list[dict[str, Any]]:
        query = {"types[]": "mention", "limit": PAGE_SIZE, **params}
        return self._call("GET", "api/v1/notifications", params=query).body or []

    def _statuses(self, **params: Any) -> list[dict[str, Any]]:
        query = {"limit": PAGE_SIZE, **params}
        path = f"api/v1/accounts/{self.account_id}/statuses"
        return self._call("GET", path, params=query).body or []

    def poll(self, cursor: dict[str, Any] | None) -> Page:
        """Mentions and own statuses newer than the cursor (min_id pages forward)."""
        if not cursor:  # start now: from the newest of each
            newest_mention = self._mentions(limit=1)
            newest_status = self._statuses(limit=1)
            return Page(
                [],
                {
                    "mentions": newest_mention[0]["id"] if newest_mention else "0",
                    "statuses": newest_status[0]["id"] if newest_status else "0",
                },
            )
        mentions = self._mentions(min_id=cursor["mentions"])
        statuses = self._statuses(min_id=cursor["statuses"])
        changes = [c for n in mentions for c in self.notification_changes(n, "poll")]
        changes += [c for s in statuses for c in self.status_changes(s, "poll")]
        following = {
            "mentions": max((n["id"] for n in mentions), key=int, default=cursor["mentions"]),
            "statuses": max((s["id"] for s in statuses), key=int, default=cursor["statuses"]),
        }
        following["more"] = len(mentions) == PAGE_SIZE or len(statuses) == PAGE_SIZE
        return Page(changes, following)

    def backfill(self, cursor: dict[str, Any] | None) -> Page:
        """The account's own statuses, then its mentions, newest first (max_id pages back)."""
        cursor = dict(cursor or {"stage": "statuses", "max_id": None})
        extra = {"max_id": cursor["max_id"]} if cursor["max_id"] else {}
        if cursor["stage"] == "statuses":
            found = self._statuses(**extra)
            changes = [c for s in found for c in self.status_changes(s, "backfill")]
        else:
            found = self._mentions(**extra)
            changes = [c for n in found for c in self.notification_changes(n, "backfill")]
        if len(found) == PAGE_SIZE:
            return Page(changes, {"stage": cursor["stage"], "max_id": found[-1]["id"]})
        if cursor["stage"] == "statuses":
            return Page(changes, {"stage": "mentions", "max_id": None})
        return Page(changes, None)

    # --- ingest: the stream ---------------------------------------------------------

    def stream(
        self,
        handle: Callable[[list[RawChange]], None],
        *,
        stop: threading.Event,
        catch_up: Callable[[], None] | None = None,
        backoff: Backoff | None = None,
        read_timeout: float = 90.0,
    ) -> None:
        """Follow the user stream until `stop` is set, handing each event's changes to
        `handle`. A dropped or refused connection is retried after a growing pause;
        after every reconnect `catch_up` runs first (a poll), so nothing is missed."""
        backoff = backoff or Backoff()
        connected_before = False
        while not stop.is_set():
            try:
                with self._open_stream(read_timeout) as answer:
                    if connected_before and catch_up is not None:
                        catch_up()
                    connected_before = True
                    for event, data in _frames(answer):
                        backoff.reset()
                        handle(self.stream_changes(event, data))
                        if stop.is_set():
                            return
                logger.info("Mastodon stream ended; reconnecting")
                pause = backoff.next()
            except Throttled as exc:
                pause = backoff.next(at_least=exc.wait_seconds)
            except PermanentError:
                raise  # a revoked token: retrying cannot help
            except (PlatformError, OSError) as exc:
                logger.info("Mastodon stream dropped (%s); reconnecting", exc)
                pause = backoff.next()
            stop.wait(pause)

    def _open_stream(self, read_timeout: float) -> Any:
        request = urllib.request.Request(  # noqa: S310 (http(s) checked by Transport)
            self.http.url("api/v1/streaming/user"),
            headers={"Authorization": f"Bearer {self.token}", "Accept": "text/event-stream"},
        )
        try:
            return urllib.request.urlopen(request, timeout=read_timeout)  # noqa: S310
        except urllib.error.HTTPError as exc:
            response = Response(exc.code, {k.lower(): v for k, v in exc.headers.items()}, None)
            if exc.code in (429, 503):
                raise Throttled(
                    f"Mastodon stream: HTTP {exc.code}", wait_seconds=retry_after(response, 5)
                ) from None
            raise_for_status(response, "Mastodon stream")
            raise

    def stream_changes(self, event: str, data: str) -> list[RawChange]:
        """What one stream event means; anything else is kept and reported."""
        try:
            payload = loads_storable(data) if event != "delete" else data.strip()
        except ValueError:
            return [_unknown(event, data, "the data is not JSON")]
        if event == "notification":
            return self.notification_changes(payload, "stream")
        if event in ("update", "status.update"):
            if str(payload.get("account", {}).get("id")) != self.account_id:
                return [_unknown(event, payload, "not the account's own status", skipped=True)]
            return self.status_changes(payload, "stream")
        if event == "delete":
            return [self.deletion(str(payload))]
        return [_unknown(event, payload, f"stream event '{event}' is not handled")]

    def deletion(self, status_id: str) -> RawChange:
        """A status removed on the instance. The stream names only the id, so the event
        is a post-shaped deletion; the stream runner keeps only those of known items."""
        return raw_change(
            platform=self.platform,
            field="statuses",
            verb="delete",
            payload={"id": status_id},
            external_id=status_id,
            build=lambda: ItemEvent(
                platform=self.platform,
                channel=self.account_id,
                event=EventType.DELETE,
                external_id=status_id,
                kind=ItemKind.POST,
                occurred_at=now_utc(),
            ),
        )

    # --- shapes ----------------------------------------------------------------------

    def notification_changes(self, notification: dict[str, Any], verb: str) -> list[RawChange]:
        if notification.get("type") != "mention" or not notification.get("status"):
            kind = notification.get("type")
            return [_unknown("notification", notification, f"a {kind} is not content", True)]
        return self.status_changes(notification["status"], verb, field_name="mentions")

    def status_changes(
        self, status: dict[str, Any], verb: str, field_name: str = "statuses"
    ) -> list[RawChange]:
        return [
            raw_change(
                platform=self.platform,
                field=field_name,
                verb=verb,
                payload=status,
                external_id=str(status.get("id", "")),
                build=lambda: self.event_for(status),
            )
        ]

    def event_for(self, status: dict[str, Any]) -> ItemEvent:
        """A status as an item. A reply is placed under the status it answers (the
        conversation's root is not in the status)."""
        account = status.get("account") or {}
        parent = status.get("in_reply_to_id")
        created = parse_time(status.get("created_at"))
        occurred: datetime | None = parse_time(status.get("edited_at")) or created
        text = plain_text(status.get("content", ""))
        if status.get("spoiler_text"):
            text = f"{status['spoiler_text']}\n\n{text}"
        placement: dict[str, Any] = {"kind": ItemKind.POST}
        if parent:
            answers_us = str(status.get("in_reply_to_account_id")) == self.account_id
            placement = {
                "kind": ItemKind.COMMENT if answers_us else ItemKind.REPLY,
                "thread_external_id": str(parent),
                "parent_external_id": str(parent),
            }
        return ItemEvent(
            platform=self.platform,
            channel=self.account_id,
            external_id=str(status["id"]),
            author=EventAuthor(
                id=str(account.get("id", "")) or "unknown",
                name=account.get("display_name") or account.get("acct", ""),
            ),
            text=text,
            attachments=[
                Attachment(
                    type=str(media.get("type") or "unknown")[:40], url=media.get("url") or ""
                )
                for media in status.get("media_attachments") or []
            ],
            published_at=created,
            occurred_at=occurred,
            **placement,
        )

    # --- act -------------------------------------------------------------------------

    def _act(self, action: PlatformAction, target: Target, text: str) -> dict[str, Any]:
        match action:
            case PlatformAction.REPLY | PlatformAction.PRIVATE_REPLY:
                answered = self._call("GET", f"api/v1/statuses/{target.object_id}").body
                acct = answered.get("account", {}).get("acct", "")
                body = {
                    "status": f"@{acct} {text}" if acct else text,
                    "in_reply_to_id": target.object_id,
                    "visibility": "direct" if action is PlatformAction.PRIVATE_REPLY else "public",
                }
                return self._call("POST", "api/v1/statuses", json_body=body).body
            case PlatformAction.BAN:
                return self._call("POST", f"api/v1/accounts/{target.user_id}/block").body
            case PlatformAction.UNBAN:
                return self._call("POST", f"api/v1/accounts/{target.user_id}/unblock").body
        raise ValueError(f"unknown platform action {action!r}")

    # --- publish -----------------------------------------------------------------------

    def _publish(self, text: str, *, page_id: str, key: str) -> Published:
        body = {"status": text, "visibility": "public"}
        headers = {"Idempotency-Key": key}
        status = self._call("POST", "api/v1/statuses", json_body=body, headers=headers).body
        return self._published(status, "publish")

    def _update(self, external_id: str, text: str, *, key: str) -> Published:
        status = self._call("PUT", f"api/v1/statuses/{external_id}", json_body={"status": text})
        return self._published(status.body, "edit")

    def _pin(self, external_id: str, *, pinned: bool, key: str) -> Published:
        verb = "pin" if pinned else "unpin"
        status = self._call("POST", f"api/v1/statuses/{external_id}/{verb}").body
        return Published(str(status.get("id", external_id)))

    def _published(self, status: Any, verb: str) -> Published:
        if not isinstance(status, dict) or not status.get("id"):
            raise PermanentError("Mastodon answered the status without an id; check the account.")
        return Published(str(status["id"]), self.status_changes(status, verb)[0])

    def report(
        self, *, account_id: str, status_ids: list[str], comment: str, forward: bool = True
    ) -> dict[str, Any]:
        """Report an account (and its statuses) to the instance's moderators; `forward`
        sends the report on to the author's own server when that is another one."""
        body = {
            "account_id": account_id,
            "status_ids": status_ids,
            "comment": comment,
            "forward": forward,
            "category": "violation" if status_ids else "other",
        }
        return self._call("POST", "api/v1/reports", json_body=body).body

    def admin_reports(self, *, resolved: bool = False) -> list[dict[str, Any]]:
        """Reports waiting on the instance (for a municipality that runs its own; needs
        the admin:read:reports scope)."""
        params = {"resolved": "true" if resolved else None, "limit": 100}
        return self._call("GET", "api/v1/admin/reports", params=params).body or []

    def admin_report_resolve(self, report_id: str) -> dict[str, Any]:
        """Mark a report on the instance as handled (admin:write:reports)."""
        return self._call("POST", f"api/v1/admin/reports/{report_id}/resolve").body


def _frames(answer: Any) -> Iterator[tuple[str, str]]:
    """Server-sent events as (event, data); comments (heartbeats) are skipped."""
    event, data = "", []
    for raw in answer:
        line = raw.decode("utf-8").rstrip("\r\n")
        if not line:
            if data:
                yield event or "message", "\n".join(data)
            event, data = "", []
        elif line.startswith(":"):
            continue
        elif line.startswith("event:"):
            event = line[len("event:") :].strip()
        elif line.startswith("data:"):
            data.append(line[len("data:") :].lstrip())


def _unknown(event: str, payload: Any, reason: str, skipped: bool = False) -> RawChange:
    return RawChange(
        dedup_key=digest("mastodon", event, payload),
        field=event[:60],
        verb="stream",
        payload=payload if isinstance(payload, dict) else {"value": payload},
        status=RawStatus.SKIPPED if skipped else RawStatus.UNKNOWN,
        reason=reason,
    )

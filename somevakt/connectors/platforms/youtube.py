"""YouTube comments over the Data API v3, with an OAuth 2.0 user token (youtube.force-ssl).

YouTube pushes nothing about comments (its PubSubHubbub feed covers videos only), so
comment threads are polled page by page (pageToken), newest first, until a page holds
nothing newer than the last poll. Every call is charged against the daily quota at
Google's documented unit costs; when the budget is spent the poll waits for the reset
(midnight Pacific time) instead of failing.

Moderation is setModerationStatus: hiding holds a comment for review, deleting rejects
it (YouTube does not let a channel delete others' comments), and a ban rejects the
comment with banAuthor. YouTube offers no call to lift a ban.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from django.conf import settings

from somevakt.connectors.base import IngestMode, Page, PermanentError, RawChange, Target
from somevakt.connectors.capabilities import PlatformAction
from somevakt.connectors.platforms.common import (
    PlatformConnector,
    Unsupported,
    now_utc,
    parse_time,
    raw_change,
)
from somevakt.connectors.platforms.http import Response, Throttled, Transport, raise_for_status
from somevakt.inbox.events import EventAuthor, EventType, ItemEvent
from somevakt.inbox.models import ItemKind

# developers.google.com/youtube/v3/determine_quota_cost
UNIT_COST = {
    "channels.list": 1,
    "commentThreads.list": 1,
    "comments.list": 1,
    "comments.insert": 50,
    "comments.setModerationStatus": 50,
}
QUOTA_TIME_ZONE = ZoneInfo("America/Los_Angeles")  # the quota resets at midnight Pacific
STATUS_FOR = {
    PlatformAction.HIDE: "heldForReview",
    PlatformAction.UNHIDE: "published",
    PlatformAction.DELETE: "rejected",
    PlatformAction.BAN: "rejected",
}


class QuotaExhausted(Throttled):
    """The day's budget is spent: wait for the reset."""


@dataclass
class QuotaLedger:
    """Units spent today (Pacific time) against a daily budget; its `state` is persisted."""

    budget: int = field(default_factory=lambda: settings.SOMEVAKT_YOUTUBE_DAILY_QUOTA)
    state: dict[str, Any] = field(default_factory=dict)
    now: Callable[[], datetime] | None = None  # a clock for the tests
    on_change: Callable[[dict[str, Any]], None] | None = None  # persists the state

    def _today(self) -> datetime:
        clock = self.now() if self.now else datetime.now(tz=QUOTA_TIME_ZONE)
        return clock.astimezone(QUOTA_TIME_ZONE)

    @property
    def used(self) -> int:
        if self.state.get("day") != self._today().date().isoformat():
            return 0
        return int(self.state.get("used", 0))

    def seconds_to_reset(self) -> float:
        today = self._today()
        midnight = (today + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
        return (midnight - today).total_seconds()

    def spend(self, method: str) -> None:
        """Charge one call before it is made; refuse it if it would overrun the budget."""
        cost = UNIT_COST[method]
        if self.used + cost > self.budget:
            raise QuotaExhausted(
                f"YouTube: {method} needs {cost} units, {self.budget - self.used} of the "
                f"daily {self.budget} are left; waiting for the reset at midnight Pacific time",
                wait_seconds=self.seconds_to_reset(),
            )
        self.state.update(day=self._today().date().isoformat(), used=self.used + cost)
        if self.on_change:
            self.on_change(self.state)

    def exhausted(self) -> None:
        """Google said quotaExceeded: take the rest of the day as spent."""
        self.state.update(day=self._today().date().isoformat(), used=self.budget)
        if self.on_change:
            self.on_change(self.state)


class YouTubeConnector(PlatformConnector):
    platform: ClassVar[str] = "youtube"
    ingest_modes = frozenset({IngestMode.POLL, IngestMode.BACKFILL})

    def __init__(
        self,
        *,
        channel: str,
        access_token: str,
        base_url: str = "https://www.googleapis.com/youtube/v3",
        quota: QuotaLedger | None = None,
        account: Any = None,
    ):
        super().__init__(account=account, base_url=base_url)
        self.channel = channel
        self.http = Transport.bearer(base_url, access_token)
        self.quota = quota or QuotaLedger()

    @classmethod
    def for_account(cls, account: Any) -> "YouTubeConnector":
        """The quota spent today is kept in the account's rate-limit state."""
        from somevakt.connectors.models import ConnectedAccount

        def persist(state: dict[str, Any]) -> None:
            account.rate_limit = {**(account.rate_limit or {}), "quota": dict(state)}
            ConnectedAccount.objects.filter(pk=account.pk).update(rate_limit=account.rate_limit)

        ledger = QuotaLedger(state=dict((account.rate_limit or {}).get("quota", {})))
        ledger.on_change = persist
        return cls(
            channel=account.account_id,
            access_token=account.access_token,
            base_url=account.api_base_url or settings.SOMEVAKT_YOUTUBE_API_URL,
            quota=ledger,
            account=account,
        )

    @classmethod
    def demo(cls) -> "YouTubeConnector":
        from somevakt.connectors.platforms.fakes import youtube as fake

        return cls(
            channel=fake.CHANNEL,
            access_token=fake.ACCESS_TOKEN,
            base_url=f"{settings.SOMEVAKT_DEMO_PLATFORMS_URL}/youtube/youtube/v3",
            quota=QuotaLedger(),
        )

    def test_connection(self) -> str:
        params = {"part": "snippet", "id": self.channel}
        found = self._call("channels.list", "GET", "channels", params=params).body
        items = found.get("items") or []
        if not items:
            raise PermanentError(f"YouTube: no channel {self.channel}; check the channel id")
        title = items[0].get("snippet", {}).get("title", "")
        left = self.quota.budget - self.quota.used
        return f"{title} ({self.channel}); {left} quota units left today"

    def _call(self, method: str, http_method: str, path: str, **kwargs: Any) -> Response:
        self.quota.spend(method)
        response = self.http.request(http_method, path, **kwargs)
        reason = _reason(response.body)
        if response.status == 403 and reason in ("quotaExceeded", "dailyLimitExceeded"):
            self.quota.exhausted()
            raise QuotaExhausted(
                "YouTube: the daily quota is spent", wait_seconds=self.quota.seconds_to_reset()
            )
        if response.status == 403 and reason in ("rateLimitExceeded", "userRateLimitExceeded"):
            raise Throttled("YouTube: rate limit exceeded", wait_seconds=60)
        return raise_for_status(response, "YouTube")

    # Ingest

    def _threads(self, token: str | None) -> dict[str, Any]:
        params = {
            "part": "snippet,replies",
            "allThreadsRelatedToChannelId": self.channel,
            "maxResults": 100,
            "order": "time",
            "textFormat": "plainText",
            "pageToken": token,
        }
        return self._call("commentThreads.list", "GET", "commentThreads", params=params).body

    def backfill(self, cursor: dict[str, Any] | None) -> Page:
        body = self._threads((cursor or {}).get("page_token"))
        changes = [
            change
            for thread in body.get("items", [])
            for each in self._thread_comments(thread)
            for change in self.changes_for(each, thread["snippet"], "backfill")
        ]
        token = body.get("nextPageToken")
        return Page(changes, {"page_token": token} if token else None)

    def poll(self, cursor: dict[str, Any] | None) -> Page:
        """Comments updated after the cursor's mark, newest threads first, page by page
        until a page holds nothing newer (`more` in the cursor: call again now)."""
        if not cursor:
            return Page([], {"seen_until": now_utc().strftime("%Y-%m-%dT%H:%M:%SZ")})
        mark = cursor["seen_until"]
        body = self._threads(cursor.get("page_token"))
        newest, changes, anything_new = cursor.get("newest", mark), [], False
        for thread in body.get("items", []):
            for each in self._thread_comments(thread):
                updated = each["snippet"].get("updatedAt", "")
                if updated > mark:
                    anything_new = True
                    newest = max(newest, updated)
                    changes += self.changes_for(each, thread["snippet"], "poll")
        token = body.get("nextPageToken")
        if token and anything_new:
            return Page(
                changes, {"seen_until": mark, "page_token": token, "newest": newest, "more": True}
            )
        return Page(changes, {"seen_until": newest})

    def _thread_comments(self, thread: dict[str, Any]) -> list[dict[str, Any]]:
        top = thread["snippet"]["topLevelComment"]
        replies = list((thread.get("replies") or {}).get("comments", []))
        if thread["snippet"].get("totalReplyCount", 0) > len(replies):
            replies = self._all_replies(top["id"])  # the thread carries only the first few
        return [top, *replies]

    def _all_replies(self, parent_id: str) -> list[dict[str, Any]]:
        replies: list[dict[str, Any]] = []
        token = None
        while True:
            params = {
                "part": "snippet",
                "parentId": parent_id,
                "maxResults": 100,
                "textFormat": "plainText",
                "pageToken": token,
            }
            body = self._call("comments.list", "GET", "comments", params=params).body
            replies += body.get("items", [])
            token = body.get("nextPageToken")
            if not token:
                return replies

    def changes_for(
        self, comment: dict[str, Any], thread: dict[str, Any], verb: str
    ) -> list[RawChange]:
        first = raw_change(
            platform=self.platform,
            field="comments",
            verb=verb,
            payload=comment,
            external_id=comment.get("id", ""),
            build=lambda: self.event_for(comment, thread),
        )
        status = comment.get("snippet", {}).get("moderationStatus")
        state = {
            "heldForReview": EventType.HIDE,
            "likelySpam": EventType.HIDE,
            "rejected": EventType.DELETE,
        }.get(status or "")
        if state is None or first.event is None:
            return [first]
        event = first.event.model_copy(update={"event": state})
        second = raw_change(
            platform=self.platform,
            field="comments",
            verb=str(status),
            payload={"id": comment["id"], "moderationStatus": status},
            external_id=comment["id"],
            build=lambda: event,
        )
        return [first, second]

    def event_for(self, comment: dict[str, Any], thread: dict[str, Any]) -> ItemEvent:
        snippet = comment["snippet"]
        video = snippet.get("videoId") or thread.get("videoId")
        parent = snippet.get("parentId")
        published = parse_time(snippet.get("publishedAt"))
        author_id = (snippet.get("authorChannelId") or {}).get("value") or "unknown"
        return ItemEvent(
            platform=self.platform,
            channel=self.channel,
            external_id=comment["id"],
            thread_external_id=video or self.channel,
            kind=ItemKind.REPLY if parent else ItemKind.COMMENT,
            parent_external_id=parent or video,
            author=EventAuthor(id=author_id, name=snippet.get("authorDisplayName", "")),
            text=snippet.get("textOriginal") or snippet.get("textDisplay", ""),
            published_at=published,
            occurred_at=parse_time(snippet.get("updatedAt")) or published,
        )

    # Act

    def _act(self, action: PlatformAction, target: Target, text: str) -> dict[str, Any]:
        if action == PlatformAction.REPLY:
            # YouTube threads are one level deep: a reply to a reply answers its top comment.
            parent = target.object_id.split(".", 1)[0]
            body = {"snippet": {"parentId": parent, "textOriginal": text}}
            return self._call(
                "comments.insert", "POST", "comments", params={"part": "snippet"}, json_body=body
            ).body
        if not target.object_id:
            raise Unsupported(
                "YouTube bans an author only together with rejecting one of their comments; "
                "name the comment."
            )
        params = {"id": target.object_id, "moderationStatus": STATUS_FOR[action]}
        if action == PlatformAction.BAN:
            params["banAuthor"] = "true"
        self._call(
            "comments.setModerationStatus", "POST", "comments/setModerationStatus", params=params
        )
        return {"success": True, "moderationStatus": params["moderationStatus"]}


def _reason(body: Any) -> str:
    try:
        return str(body["error"]["errors"][0]["reason"])
    except (KeyError, IndexError, TypeError):
        return ""

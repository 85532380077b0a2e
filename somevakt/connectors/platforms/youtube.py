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

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from somevakt.connectors.capabilities import PlatformAction
from somevakt.connectors.client import PlatformError, Target
from somevakt.connectors.platforms.base import (
    Connector,
    Cursor,
    PollResult,
    Unsupported,
    parse_time,
)
from somevakt.connectors.platforms.http import Response, Throttled, Transport, raise_for_status
from somevakt.inbox.events import EventAuthor, EventType, ItemEvent
from somevakt.inbox.models import ItemKind
from somevakt.sources.models import Platform

# developers.google.com/youtube/v3/determine_quota_cost
UNIT_COST = {
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
    now: Any = None  # a clock for the tests; datetime.now by default

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

    def exhausted(self) -> None:
        """Google said quotaExceeded: take the rest of the day as spent."""
        self.state.update(day=self._today().date().isoformat(), used=self.budget)


class YouTubeConnector(Connector):
    platform = Platform.YOUTUBE

    def __init__(
        self,
        *,
        channel: str,
        access_token: str,
        base_url: str = "https://www.googleapis.com/youtube/v3",
        quota: QuotaLedger | None = None,
    ):
        self.channel = channel
        self.http = Transport.bearer(base_url, access_token)
        self.quota = quota or QuotaLedger()

    def _call(self, method: str, http_method: str, path: str, **kwargs: Any) -> Response:
        self.quota.spend(method)
        response = self.http.request(http_method, path, **kwargs)
        if response.status == 403 and _reason(response.body) in (
            "quotaExceeded",
            "dailyLimitExceeded",
        ):
            self.quota.exhausted()
            raise QuotaExhausted(
                "YouTube: the daily quota is spent", wait_seconds=self.quota.seconds_to_reset()
            )
        if response.status == 403 and _reason(response.body) in (
            "rateLimitExceeded",
            "userRateLimitExceeded",
        ):
            raise Throttled("YouTube: rate limit exceeded", wait_seconds=60)
        return raise_for_status(response, "YouTube")

    # Ingest

    def poll(self, cursor: Cursor | None = None, *, max_pages: int = 50) -> PollResult:
        """Comment threads newer than the cursor's mark, newest first; all of them on the
        first poll (the backfill). Stops early, keeping its place, when throttled."""
        cursor = dict(cursor or {})
        mark = cursor.get("seen_until", "")
        result = PollResult(cursor=cursor)
        token = cursor.get("page_token")
        newest = cursor.get("newest", mark)
        try:
            while result.pages < max_pages:
                params = {
                    "part": "snippet,replies",
                    "allThreadsRelatedToChannelId": self.channel,
                    "maxResults": 100,
                    "order": "time",
                    "textFormat": "plainText",
                    "pageToken": token,
                }
                body = self._call(
                    "commentThreads.list", "GET", "commentThreads", params=params
                ).body
                result.pages += 1
                page_is_old = True
                for thread in body.get("items", []):
                    comments = self._thread_comments(thread)
                    times = [c["snippet"].get("updatedAt", "") for c in comments]
                    newest = max([newest, *times])
                    if max(times, default="") > mark:
                        page_is_old = False
                    for each in comments:
                        result.events.extend(self.events_for(each, thread["snippet"]))
                token = body.get("nextPageToken")
                if not token or (mark and page_is_old):
                    break
        except Throttled as exc:
            result.wait_seconds = exc.wait_seconds
            cursor.update(page_token=token, newest=newest)
            return result
        for key in ("page_token", "newest"):
            cursor.pop(key, None)
        cursor["seen_until"] = newest
        return result

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

    def events_for(self, comment: dict[str, Any], thread: dict[str, Any]) -> list[ItemEvent]:
        snippet = comment["snippet"]
        video = snippet.get("videoId") or thread.get("videoId")
        parent = snippet.get("parentId")
        published = parse_time(snippet.get("publishedAt"))
        occurred = parse_time(snippet.get("updatedAt")) or published
        assert occurred is not None
        author_id = (snippet.get("authorChannelId") or {}).get("value") or "unknown"
        common = {
            "platform": self.platform,
            "channel": self.channel,
            "external_id": comment["id"],
            "thread_external_id": video or self.channel,
            "occurred_at": occurred,
        }
        events = [
            ItemEvent(
                **common,
                kind=ItemKind.REPLY if parent else ItemKind.COMMENT,
                parent_external_id=parent or video,
                author=EventAuthor(id=author_id, name=snippet.get("authorDisplayName", "")),
                text=snippet.get("textOriginal") or snippet.get("textDisplay", ""),
                published_at=published,
            )
        ]
        status = snippet.get("moderationStatus")
        if status in ("heldForReview", "likelySpam"):
            events.append(ItemEvent(**common, event=EventType.HIDE))
        elif status == "rejected":
            events.append(ItemEvent(**common, event=EventType.DELETE))
        return events

    # Act

    def _perform(self, action: PlatformAction, target: Target, text: str) -> dict[str, Any]:
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


__all__ = ["PlatformError", "QuotaExhausted", "QuotaLedger", "YouTubeConnector"]

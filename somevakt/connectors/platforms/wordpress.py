"""WordPress blog comments over the REST API (wp/v2), with an application password.

Comments are polled page by page (X-WP-TotalPages) in date order, from the newest date
already seen; hold, approve, spam and trash are comment statuses set with one POST.
A4: a blog post with its comments is one archive document, so posts come in as threads.
"""

import html
import re
from typing import Any

from somevakt.connectors.capabilities import PlatformAction
from somevakt.connectors.client import Target
from somevakt.connectors.platforms.base import Connector, Cursor, PollResult, parse_time
from somevakt.connectors.platforms.http import Throttled, Transport, raise_for_status
from somevakt.inbox.events import EventAuthor, EventType, ItemEvent
from somevakt.inbox.models import ItemKind
from somevakt.sources.models import Platform

PER_PAGE = 100
STATUS_FOR = {
    PlatformAction.HIDE: "hold",
    PlatformAction.UNHIDE: "approved",
    PlatformAction.DELETE: "trash",
}
_TAGS = re.compile(r"<[^>]+>")


def plain_text(rendered: str) -> str:
    return html.unescape(_TAGS.sub("", rendered)).strip()


class WordPressConnector(Connector):
    platform = Platform.WORDPRESS

    def __init__(self, *, site_url: str, channel: str, user: str, application_password: str):
        # site_url is the REST root, e.g. https://blogg.rakkestad.kommune.no/wp-json
        self.http = Transport.basic(site_url, user, application_password)
        self.channel = channel

    def poll(self, cursor: Cursor | None = None, *, max_pages: int = 50) -> PollResult:
        """New comments since the cursor (all of them on the first poll: the backfill)."""
        cursor = dict(cursor or {})
        result = PollResult(cursor=cursor)
        page = int(cursor.get("page", 1))
        newest = cursor.get("after")
        while result.pages < max_pages:
            params = {
                "context": "edit",
                "status": "all",
                "orderby": "date_gmt",
                "order": "asc",
                "per_page": PER_PAGE,
                "page": page,
                "after": cursor.get("after"),
            }
            try:
                response = raise_for_status(
                    self.http.request("GET", "wp/v2/comments", params=params), "WordPress"
                )
            except Throttled as exc:
                result.wait_seconds = exc.wait_seconds
                cursor["page"] = page  # continue with this page after the wait
                return result
            result.pages += 1
            for comment in response.body or []:
                result.events.extend(self.events_for(comment))
                newest = max(newest or "", comment["date_gmt"])
            total_pages = int(response.headers.get("x-wp-totalpages") or 1)
            if page >= total_pages:
                break
            page += 1
        cursor.pop("page", None)
        if newest:
            cursor["after"] = newest
        return result

    def events_for(self, comment: dict[str, Any]) -> list[ItemEvent]:
        post = str(comment["post"])
        parent = str(comment["parent"]) if comment.get("parent") else None
        moment = parse_time(comment.get("date_gmt") or comment["date"])
        assert moment is not None
        content = comment.get("content") or {}
        common = {
            "platform": self.platform,
            "channel": self.channel,
            "external_id": f"comment-{comment['id']}",
            "thread_external_id": f"post-{post}",
            "occurred_at": moment,
        }
        upsert = ItemEvent(
            **common,
            kind=ItemKind.REPLY if parent else ItemKind.COMMENT,
            parent_external_id=f"comment-{parent}" if parent else f"post-{post}",
            author=EventAuthor(
                id=f"{comment.get('author') or comment.get('author_name', '')}" or "anonymous",
                name=comment.get("author_name", ""),
            ),
            text=content.get("raw") or plain_text(content.get("rendered", "")),
            links=[comment["author_url"]] if comment.get("author_url") else [],
            published_at=moment,
        )
        events = [upsert]
        status = comment.get("status")
        if status in ("hold", "unapproved", "spam"):
            events.append(ItemEvent(**common, event=EventType.HIDE))
        elif status == "trash":
            events.append(ItemEvent(**common, event=EventType.DELETE))
        return events

    def set_status(self, comment_id: str, status: str) -> dict[str, Any]:
        """hold, approved, spam or trash."""
        number = comment_id.removeprefix("comment-")
        response = self.http.request(
            "POST", f"wp/v2/comments/{number}", json_body={"status": status}
        )
        return raise_for_status(response, "WordPress").body

    def _perform(self, action: PlatformAction, target: Target, text: str) -> dict[str, Any]:
        if action in STATUS_FOR:
            return self.set_status(target.object_id, STATUS_FOR[action])
        # REPLY: a comment on the same post, answering the comment.
        number = target.object_id.removeprefix("comment-")
        parent = raise_for_status(
            self.http.request("GET", f"wp/v2/comments/{number}", params={"context": "edit"}),
            "WordPress",
        ).body
        response = self.http.request(
            "POST",
            "wp/v2/comments",
            json_body={"post": parent["post"], "parent": parent["id"], "content": text},
        )
        return raise_for_status(response, "WordPress").body

"""WordPress blog comments over the REST API (wp/v2), with an application password.

Auth: HTTP Basic with the WordPress user name and an application password (Users →
Profile → Application passwords); on the connected account the user name is the app id
and the application password the access token. The REST root is the account's API
address (e.g. https://blogg.kommune.no/wp-json).

Ingest: comments are polled page by page (X-WP-TotalPages), oldest first, after the
newest comment time already seen; the backfill walks every page from the first. A4: a
blog post with its comments is one archive document, so each post is a thread.
Act: hide, show again and delete set the comment status (hold, approved, trash; spam
through `set_status`); a reply is a comment on the same post answering the comment.
"""

import html
import re
from typing import Any, ClassVar

from django.conf import settings

from somevakt.connectors.base import IngestMode, Page, RawChange, Target
from somevakt.connectors.capabilities import PlatformAction
from somevakt.connectors.platforms.common import (
    PlatformConnector,
    now_utc,
    parse_time,
    raw_change,
)
from somevakt.connectors.platforms.http import Transport, raise_for_status
from somevakt.inbox.events import EventAuthor, EventType, ItemEvent
from somevakt.inbox.models import ItemKind

PER_PAGE = 100
STATUS_FOR = {
    PlatformAction.HIDE: "hold",
    PlatformAction.UNHIDE: "approved",
    PlatformAction.DELETE: "trash",
}
STATUSES = frozenset({"hold", "approved", "spam", "trash"})
_TAGS = re.compile(r"<[^>]+>")
_WP_TIME = "%Y-%m-%dT%H:%M:%S"


def plain_text(rendered: str) -> str:
    return html.unescape(_TAGS.sub("", rendered)).strip()


class WordPressConnector(PlatformConnector):
    platform: ClassVar[str] = "wordpress"
    ingest_modes = frozenset({IngestMode.POLL, IngestMode.BACKFILL})

    def __init__(
        self,
        *,
        site_url: str,
        channel: str,
        user: str,
        application_password: str,
        account: Any = None,
    ):
        super().__init__(account=account, base_url=site_url)
        self.http = Transport.basic(site_url, user, application_password)
        self.channel = channel

    @classmethod
    def for_account(cls, account: Any) -> "WordPressConnector":
        return cls(
            site_url=account.api_base_url,
            channel=account.account_id,
            user=account.app_id,
            application_password=account.access_token,
            account=account,
        )

    @classmethod
    def demo(cls) -> "WordPressConnector":
        from somevakt.connectors.platforms.fakes import wordpress as fake

        return cls(
            site_url=f"{settings.SOMEVAKT_DEMO_PLATFORMS_URL}/wordpress/wp-json",
            channel="demo",
            user=fake.USER,
            application_password=fake.APPLICATION_PASSWORD,
        )

    def test_connection(self) -> str:
        me = raise_for_status(
            self.http.request("GET", "wp/v2/users/me", params={"context": "edit"}), "WordPress"
        ).body
        return f"{me.get('name', '')} ({me.get('id', '')})"

    # Ingest

    def _comments(self, page: int, after: str | None) -> tuple[list[dict[str, Any]], int]:
        params = {
            "context": "edit",
            "status": "all",
            "orderby": "date_gmt",
            "order": "asc",
            "per_page": PER_PAGE,
            "page": page,
            "after": after,
        }
        response = raise_for_status(
            self.http.request("GET", "wp/v2/comments", params=params), "WordPress"
        )
        return response.body or [], int(response.headers.get("x-wp-totalpages") or 1)

    def backfill(self, cursor: dict[str, Any] | None) -> Page:
        page = int((cursor or {}).get("page", 1))
        comments, total = self._comments(page, None)
        changes = [c for comment in comments for c in self.changes_for(comment, "backfill")]
        return Page(changes, {"page": page + 1} if page < total else None)

    def poll(self, cursor: dict[str, Any] | None) -> Page:
        """Comments after the newest seen; `more` in the cursor: another page is ready."""
        if not cursor:
            return Page([], {"after": now_utc().strftime(_WP_TIME)})
        after, page = cursor["after"], int(cursor.get("page", 1))
        comments, total = self._comments(page, after)
        changes = [c for comment in comments for c in self.changes_for(comment, "poll")]
        newest = max([cursor.get("newest", after), *(c["date_gmt"] for c in comments)])
        if page < total:
            return Page(changes, {"after": after, "page": page + 1, "newest": newest, "more": True})
        return Page(changes, {"after": newest})

    def changes_for(self, comment: dict[str, Any], verb: str) -> list[RawChange]:
        external_id = f"comment-{comment.get('id')}"
        changes = [
            raw_change(
                platform=self.platform,
                field="comments",
                verb=verb,
                payload=comment,
                external_id=external_id,
                build=lambda: self.event_for(comment),
            )
        ]
        state = {"hold": EventType.HIDE, "spam": EventType.HIDE, "trash": EventType.DELETE}.get(
            comment.get("status", "")
        )
        if state and changes[0].event is not None:
            event = changes[0].event.model_copy(update={"event": state})
            changes.append(
                raw_change(
                    platform=self.platform,
                    field="comments",
                    verb=comment["status"],
                    payload={"id": comment["id"], "status": comment["status"]},
                    external_id=external_id,
                    build=lambda: event,
                )
            )
        return changes

    def event_for(self, comment: dict[str, Any]) -> ItemEvent:
        post = str(comment["post"])
        parent = str(comment["parent"]) if comment.get("parent") else None
        moment = parse_time(comment.get("date_gmt") or comment["date"])
        content = comment.get("content") or {}
        author = str(comment.get("author") or "") or f"name:{comment.get('author_name', '')}"
        return ItemEvent(
            platform=self.platform,
            channel=self.channel,
            external_id=f"comment-{comment['id']}",
            thread_external_id=f"post-{post}",
            kind=ItemKind.REPLY if parent else ItemKind.COMMENT,
            parent_external_id=f"comment-{parent}" if parent else f"post-{post}",
            author=EventAuthor(id=author, name=comment.get("author_name", "")),
            text=content.get("raw") or plain_text(content.get("rendered", "")),
            links=[comment["author_url"]] if comment.get("author_url") else [],
            published_at=moment,
            occurred_at=moment,
        )

    # Act

    def set_status(self, comment_id: str, status: str) -> dict[str, Any]:
        """hold, approved, spam or trash."""
        if status not in STATUSES:
            raise ValueError(f"WordPress comment status {status!r}; use one of {sorted(STATUSES)}")
        number = comment_id.removeprefix("comment-")
        response = self.http.request(
            "POST", f"wp/v2/comments/{number}", json_body={"status": status}
        )
        return raise_for_status(response, "WordPress").body

    def _act(self, action: PlatformAction, target: Target, text: str) -> dict[str, Any]:
        if action in STATUS_FOR:
            return self.set_status(target.object_id, STATUS_FOR[action])
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

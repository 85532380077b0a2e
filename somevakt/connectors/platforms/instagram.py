"""Instagram (professional account, Instagram Graph API through Facebook Login).

Ingest: the `comments` and `live_comments` webhook fields (Meta pushes them signed like
the Page webhooks, X-Hub-Signature-256 with the app secret; the receiver is shared with
Facebook), and a backfill of the account's media and each medium's comments with their
replies, page by page with Graph cursors. Instagram sends no webhook for hides or
deletions; the backfill reads `hidden`.

Act: hide and show again (`hide=true|false`), delete, reply (/{comment}/replies) and a
private reply (a message to the commenter). Instagram has no ban for business accounts.
Throttling is Graph's: the usage headers and error codes 4, 17, 32, 613 make the account
wait, as for Facebook.
"""

import json
from typing import Any, ClassVar

from django.conf import settings

from somevakt.connectors.base import Connector, IngestMode, Page, RawChange, RawStatus, Target
from somevakt.connectors.capabilities import PlatformAction, supports, why_not
from somevakt.connectors.facebook import FacebookConnector
from somevakt.connectors.platforms.common import Unsupported, digest, parse_time, raw_change
from somevakt.inbox.events import EventAuthor, EventType, ItemEvent
from somevakt.inbox.models import ItemKind

COMMENT_FIELDS = "comments", "live_comments"
PAGE_SIZE = 50
MEDIA_FIELDS = "id,caption,timestamp,username,media_product_type,permalink"
NODE_FIELDS = "id,text,timestamp,username,from,hidden,parent_id"
OBJECT_MISSING = 100


class InstagramConnector(FacebookConnector):
    platform: ClassVar[str] = "instagram"
    ingest_modes = frozenset({IngestMode.WEBHOOK, IngestMode.BACKFILL})
    # Instagram's insights have other metrics (follower_count is new followers per day,
    # not a total); not fetched yet.
    insights_offered = False

    def insights(self, first_day, last_day):
        return Connector.insights(self, first_day, last_day)

    @property
    def ig_user_id(self) -> str:
        return self.account.account_id if self.account else ""

    @classmethod
    def demo(cls) -> "InstagramConnector":
        from somevakt.connectors.platforms.fakes import instagram as fake

        return cls(base_url=f"{settings.SOMEVAKT_DEMO_PLATFORMS_URL}/instagram/{fake.VERSION}")

    def test_connection(self) -> str:
        me = self._call("GET", self.ig_user_id or "me", {}, query={"fields": "id,username"})
        return f"@{me.get('username', '')} ({me.get('id', '')})"

    # --- webhooks ------------------------------------------------------------------
    @classmethod
    def webhook_shape_problem(cls, payload: Any) -> str:
        if not isinstance(payload, dict) or not isinstance(payload.get("entry"), list):
            return "an Instagram webhook body is an object with an 'entry' list"
        if not all(isinstance(entry, dict) for entry in payload["entry"]):
            return "every item of 'entry' must be an object"
        return ""

    @classmethod
    def parse_webhook(cls, payload: Any) -> list[RawChange]:
        if problem := cls.webhook_shape_problem(payload):
            raise ValueError(problem)
        changes: list[RawChange] = []
        for entry in payload["entry"]:
            listed = entry.get("changes") or []
            if not isinstance(listed, list):
                raw = _unknown(entry, "changes", listed, "'changes' is not a list")
                raw.status = RawStatus.REJECTED
                changes.append(raw)
                listed = []
            for change in listed:
                changes.append(cls._webhook_change(payload.get("object"), entry, change))
            for name, values in entry.items():
                if name not in ("changes", "id", "time") and isinstance(values, list):
                    for value in values:  # e.g. messaging: not content somevakt handles
                        changes.append(_unknown(entry, name, value, f"'{name}' is not handled"))
        return changes

    @classmethod
    def _webhook_change(cls, object_type: Any, entry: dict, change: Any) -> RawChange:
        if not isinstance(change, dict):
            return _unknown(entry, "", change, "a change that is not an object")
        name, value = str(change.get("field", "")), change.get("value")
        if object_type != "instagram":
            return _unknown(entry, name, value, f"object '{object_type}' is not Instagram")
        if name not in COMMENT_FIELDS:
            return _unknown(entry, name, value, f"field '{name}' is not handled")
        if not isinstance(value, dict):
            raw = _unknown(entry, name, value, "the change has no 'value' object")
            raw.status = RawStatus.REJECTED
            return raw
        account = str(entry.get("id", ""))
        return raw_change(
            platform=cls.platform,
            field=name,
            verb="add",
            payload={"entry_id": entry.get("id"), "time": entry.get("time"), "value": value},
            external_id=str(value.get("id", "")),
            build=lambda: _event(account, value, parse_time(entry.get("time"))),
        )

    # --- backfill ------------------------------------------------------------------
    def backfill(self, cursor: dict[str, Any] | None) -> Page:
        """The account's media, then the comments (with replies) of each, a page at a time."""
        cursor = dict(cursor or {"stage": "media", "after": None, "media": []})
        if cursor["stage"] == "media":
            query = {"fields": MEDIA_FIELDS, "limit": str(PAGE_SIZE)}
            if cursor["after"]:
                query["after"] = cursor["after"]
            answer = self._call("GET", f"{self.ig_user_id}/media", {}, query=query)
            media = cursor["media"] + [str(node["id"]) for node in answer.get("data", [])]
            after = _next_after(answer)
            if after:
                return Page([], {"stage": "media", "after": after, "media": media})
            if not media:
                return Page([], None)
            return Page([], {"stage": "comments", "after": None, "media": media})
        media = list(cursor["media"])
        medium = media[0]
        query = {
            "fields": f"{NODE_FIELDS},replies{{{NODE_FIELDS}}}",
            "limit": str(PAGE_SIZE),
        }
        if cursor["after"]:
            query["after"] = cursor["after"]
        answer = self._call("GET", f"{medium}/comments", {}, query=query)
        changes: list[RawChange] = []
        for node in answer.get("data", []):
            changes += self._node_changes(node, medium, None)
            for reply in (node.get("replies") or {}).get("data", []):
                changes += self._node_changes(reply, medium, str(node["id"]))
        after = _next_after(answer)
        if not after:
            media.pop(0)
        if after or media:
            return Page(changes, {"stage": "comments", "after": after, "media": media})
        return Page(changes, None)

    def _node_changes(self, node: dict, medium: str, parent: str | None) -> list[RawChange]:
        value = {**node, "media": {"id": medium}}
        if parent:
            value["parent_id"] = parent
        first = raw_change(
            platform=self.platform,
            field="comments",
            verb="backfill",
            payload=node,
            external_id=str(node.get("id", "")),
            build=lambda: _event(self.ig_user_id, value, None),
        )
        if not node.get("hidden") or first.event is None:
            return [first]
        hidden = first.event.model_copy(update={"event": EventType.HIDE})
        second = raw_change(
            platform=self.platform,
            field="comments",
            verb="hide",
            payload={"id": node["id"], "hidden": True},
            external_id=str(node["id"]),
            build=lambda: hidden,
        )
        return [first, second]

    # --- act -----------------------------------------------------------------------
    def act(
        self, action: PlatformAction, target: Target, *, text: str = "", key: str = ""
    ) -> dict[str, Any]:
        if not supports(self.platform, action):
            raise Unsupported(why_not(self.platform, action))
        match action:
            case PlatformAction.HIDE | PlatformAction.UNHIDE:
                hide = "true" if action is PlatformAction.HIDE else "false"
                return self._call("POST", target.object_id, {"hide": hide}, key)
            case PlatformAction.DELETE:
                try:
                    return self._call("DELETE", target.object_id, {}, key)
                except Exception as exc:
                    if getattr(exc, "code", None) == OBJECT_MISSING:
                        return {"success": True, "already_deleted": True}
                    raise
            case PlatformAction.REPLY:
                return self._call("POST", f"{target.object_id}/replies", {"message": text}, key)
            case PlatformAction.PRIVATE_REPLY:
                account = target.page_id or self.ig_user_id
                recipient = json.dumps({"comment_id": target.object_id})
                message = json.dumps({"text": text})
                return self._call(
                    "POST", f"{account}/messages", {"recipient": recipient, "message": message}, key
                )
        raise Unsupported(why_not(self.platform, action))


def _next_after(answer: dict) -> str | None:
    paging = answer.get("paging") or {}
    if not paging.get("next"):
        return None
    return (paging.get("cursors") or {}).get("after")


def _unknown(entry: dict, name: str, value: Any, reason: str) -> RawChange:
    payload = {"entry_id": entry.get("id"), "time": entry.get("time"), "field": name}
    payload["value"] = value
    return RawChange(
        dedup_key=digest("instagram", entry.get("id"), entry.get("time"), name, value),
        field=name[:60],
        verb="",
        payload=payload,
        status=RawStatus.UNKNOWN,
        reason=reason,
    )


def _object(value: dict, key: str) -> dict:
    """`value[key]` when it is an object (or absent); anything else rejects the change."""
    found = value.get(key) or {}
    if not isinstance(found, dict):
        raise ValueError(f"'{key}' is {type(found).__name__}, not an object")
    return found


def _event(account: str, value: dict, at: Any) -> ItemEvent:
    """A comment node (webhook value or Graph node) as an item event.

    `parent_id` names the comment a reply answers; the medium is the thread. A live
    comment without its medium is placed in the account's live thread.
    """
    comment_id = str(value["id"])
    medium = str(_object(value, "media").get("id") or "")
    if not medium:
        medium = f"{account}_live"
    parent = str(value.get("parent_id") or "")
    sender = _object(value, "from") or _object(value, "user")
    author_id = str(sender.get("id") or "")
    name = str(sender.get("username") or value.get("username") or "")
    moment = parse_time(value.get("timestamp")) or at
    return ItemEvent(
        platform="instagram",
        channel=account,
        external_id=comment_id,
        kind=ItemKind.REPLY if parent and parent != medium else ItemKind.COMMENT,
        thread_external_id=medium,
        parent_external_id=parent or medium,
        author=EventAuthor(id=author_id, name=name) if author_id else None,
        text=str(value.get("text") or ""),
        published_at=moment,
        occurred_at=moment,
    )

"""Facebook Pages through the Graph API (version pinned in settings).

Ingest: `feed` and `mention` webhooks (Meta pushes; the receiver is in views.py), and
backfill of /{page-id}/feed and /{post-id}/comments with cursor paging. Both the old
(v2.5: sender_id, sender_name) and the new shapes (from{id,name}) are read, ids as string
or number. Act: is_hidden, DELETE, /{page-id}/blocked, comments and private replies.
Publish: POST /{page-id}/feed, an edit is POST /{post-id} with the new message, pinning
POST /{post-id} with is_pinned; the post is then read back (GET /{post-id}) and ingested.
The Graph has no idempotency keys of its own; the key travels in a header for the log.

Insights: GET /{page-id}/insights (period=day) for followers (page_follows, or the
older page_fans), reach (page_impressions_unique) and impressions (page_impressions).

Throttling: the x-app-usage and x-business-use-case-usage headers are read on every
answer; at 95 % of a limit, or when Meta names a time to regain access, the account
waits until then. Error codes 4, 17, 32 and 613 (and Meta's business rate limits) are
throttling: the call is tried again after the wait, it is not a failure.
"""

import datetime
import hashlib
import hmac
import json
from collections.abc import Mapping
from typing import Any, ClassVar

from django.conf import settings
from django.utils import timezone
from pydantic import ValidationError

from somevakt.connectors.base import (
    DayInsight,
    IngestMode,
    Page,
    PermanentError,
    PlatformError,
    Published,
    RawChange,
    RawStatus,
    Target,
    ThrottledError,
)
from somevakt.connectors.capabilities import PlatformAction
from somevakt.connectors.client import GraphConnector, graph_error
from somevakt.inbox.events import EventType, ItemEvent
from somevakt.inbox.models import ItemKind

THROTTLE_CODES = frozenset({4, 17, 32, 613})
BUSINESS_THROTTLE_CODES = frozenset(range(80000, 80015))
USAGE_LIMIT = 95  # percent of a Meta limit at which we stop calling
DEFAULT_BACKOFF = datetime.timedelta(minutes=5)

POST_ITEMS = frozenset({"post", "status", "photo", "video", "share", "link", "album"})
NOT_CONTENT_ITEMS = frozenset({"reaction", "like"})
VERBS = {
    "add": EventType.UPSERT,
    "edited": EventType.UPSERT,
    "edit": EventType.UPSERT,
    "remove": EventType.DELETE,
    "delete": EventType.DELETE,
    "hide": EventType.HIDE,
    "unhide": EventType.UNHIDE,
}
CONTENT_FIELDS = frozenset({"feed", "mention"})
PAGE_SIZE = 100
POST_FIELDS = "id,message,created_time,updated_time,from,is_hidden,permalink_url"
COMMENT_FIELDS = "id,message,created_time,from,parent{id},is_hidden,attachment"
# Graph insight metric → ChannelInsight field; page_fans is page_follows before v21.
INSIGHT_METRICS = {
    "page_follows": "followers",
    "page_fans": "followers",
    "page_impressions_unique": "reach",
    "page_impressions": "impressions",
}
INSIGHT_QUERY = "page_follows,page_impressions_unique,page_impressions"
INSIGHT_MAX_DAYS = 90  # the Graph answers at most 93 days per call


class FacebookConnector(GraphConnector):
    platform: ClassVar[str] = "facebook"
    ingest_modes = frozenset({IngestMode.WEBHOOK, IngestMode.BACKFILL})
    insights_offered = True

    @classmethod
    def for_account(cls, account) -> "FacebookConnector":
        root = account.api_base_url or settings.SOMEVAKT_FACEBOOK_GRAPH_URL
        return cls(
            account=account,
            base_url=f"{root.rstrip('/')}/{settings.SOMEVAKT_FACEBOOK_GRAPH_VERSION}",
        )

    @property
    def page_id(self) -> str:
        return self.account.account_id if self.account else ""

    # --- authentication and throttling --------------------------------------------
    def auth_fields(self) -> dict[str, str]:
        token = self.account.access_token if self.account else ""
        return {"access_token": token} if token else {}

    def before_call(self) -> None:
        until = self.account.throttled_until if self.account else None
        if until and until > timezone.now():
            raise ThrottledError(
                f"Facebook asked us to wait until {until:%H:%M:%S}",
                retry_after=until - timezone.now(),
            )

    def after_call(self, headers: Any) -> None:
        if self.account is None or headers is None:
            return
        usage, wait = read_usage(headers)
        if not usage:
            return
        from somevakt.connectors.services import account_rate_limit_record

        until = timezone.now() + wait if wait else None
        account_rate_limit_record(account=self.account, usage=usage, throttled_until=until)

    def error_from(self, status: int, reason: str, body: bytes) -> PlatformError:
        error = graph_error(status, reason, body)
        if error.code in THROTTLE_CODES or error.code in BUSINESS_THROTTLE_CODES:
            until = self.account.throttled_until if self.account else None
            wait = until - timezone.now() if until and until > timezone.now() else DEFAULT_BACKOFF
            return ThrottledError(str(error), code=error.code, retry_after=wait)
        return error

    # --- act -----------------------------------------------------------------------
    def act(
        self, action: PlatformAction, target: Target, *, text: str = "", key: str = ""
    ) -> dict[str, Any]:
        if action is PlatformAction.PRIVATE_REPLY and target.page_id:
            # Graph ≥ v3.3: a private reply is a message to the comment's author.
            recipient = json.dumps({"comment_id": target.object_id})
            message = json.dumps({"text": text})
            return self._call(
                "POST",
                f"{target.page_id}/messages",
                {"recipient": recipient, "message": message},
                key,
            )
        return self.perform(action, target, text=text, key=key)

    # --- publish -------------------------------------------------------------------
    def _publish(self, text: str, *, page_id: str, key: str) -> Published:
        answer = self._call("POST", f"{page_id}/feed", {"message": text}, key)
        return self._read_back(_id(answer.get("id")))

    def _update(self, external_id: str, text: str, *, key: str) -> Published:
        self._call("POST", external_id, {"message": text}, key)
        return self._read_back(external_id)

    def _pin(self, external_id: str, *, pinned: bool, key: str) -> Published:
        self._call("POST", external_id, {"is_pinned": "true" if pinned else "false"}, key)
        return Published(external_id)

    def _read_back(self, post_id: str) -> Published:
        if not post_id:
            raise PermanentError("Facebook answered the post without an id; check the page.")
        node = self._call("GET", post_id, {}, query={"fields": POST_FIELDS})
        change = _node_change(post_id.partition("_")[0], node, None)
        edited = _moment(node.get("updated_time"))
        if change.event is not None and edited:
            change.event = change.event.model_copy(update={"occurred_at": edited})
        return Published(post_id, change)

    def test_connection(self) -> str:
        page = self._call("GET", self.page_id or "me", {}, query={"fields": "id,name"})
        return f"{page.get('name', '')} ({page.get('id', '')})"

    # --- insights ------------------------------------------------------------------
    def insights(self, first_day: datetime.date, last_day: datetime.date) -> list[DayInsight]:
        first_day = max(first_day, last_day - datetime.timedelta(days=INSIGHT_MAX_DAYS - 1))
        query = {
            "metric": INSIGHT_QUERY,
            "period": "day",
            "since": first_day.isoformat(),
            "until": (last_day + datetime.timedelta(days=1)).isoformat(),
        }
        answer = self._call("GET", f"{self.page_id}/insights", {}, query=query)
        try:
            days = read_insights(answer)
        except ValueError as exc:
            raise PermanentError(
                f"Facebook's insights for page {self.page_id} could not be read: {exc}. "
                "Nothing was recorded; the next run asks again. If this persists, check "
                "SOMEVAKT_FACEBOOK_GRAPH_VERSION against Meta's insights documentation."
            ) from None
        return [day for day in days if first_day <= day.date <= last_day]

    # --- webhooks ------------------------------------------------------------------
    @classmethod
    def verify_signature(cls, *, body: bytes, headers: Mapping[str, str], secret: str) -> bool:
        """X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the app secret>."""
        given = headers.get("X-Hub-Signature-256", "")
        if not secret or not given.startswith("sha256="):
            return False
        expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected.encode(), given[len("sha256=") :].strip().encode())

    @classmethod
    def webhook_shape_problem(cls, payload: Any) -> str:
        if not isinstance(payload, dict) or not isinstance(payload.get("entry"), list):
            return "a Facebook webhook body is an object with an 'entry' list"
        if not all(isinstance(entry, dict) for entry in payload["entry"]):
            return "every item of 'entry' must be an object"
        return ""

    @classmethod
    def parse_webhook(cls, payload: Any) -> list[RawChange]:
        problem = cls.webhook_shape_problem(payload)
        if problem:
            raise ValueError(problem)
        changes = []
        object_type = str(payload.get("object", ""))
        for entry in payload["entry"]:
            for field_name, values in entry.items():
                if field_name == "changes" and isinstance(values, list):
                    for change in values:
                        changes.append(_entry_change(object_type, entry, change))
                elif isinstance(values, list):  # e.g. "messaging", "standby": not handled
                    for value in values:
                        changes.append(
                            _unknown(entry, field_name, value, f"'{field_name}' is not handled")
                        )
        return changes

    # --- backfill ------------------------------------------------------------------
    def backfill(self, cursor: dict[str, Any] | None) -> Page:
        """The page's posts, then the comments of each post, a page of the Graph at a time.

        The cursor holds where the feed stopped and which posts' comments are still due.
        """
        cursor = dict(cursor or {"stage": "feed", "after": None, "posts": []})
        if cursor["stage"] == "feed":
            query = {"fields": POST_FIELDS, "limit": str(PAGE_SIZE)}
            if cursor["after"]:
                query["after"] = cursor["after"]
            answer = self._call("GET", f"{self.page_id}/feed", {}, query=query)
            nodes = answer.get("data", [])
            changes = [c for node in nodes for c in _node_changes(self.page_id, node, None)]
            posts = cursor["posts"] + [str(node["id"]) for node in nodes]
            after = _next_after(answer)
            if after:
                return Page(changes, {"stage": "feed", "after": after, "posts": posts})
            return Page(
                changes, {"stage": "comments", "after": None, "posts": posts} if posts else None
            )
        posts = list(cursor["posts"])
        post_id = posts[0]
        query = {"fields": COMMENT_FIELDS, "limit": str(PAGE_SIZE), "filter": "stream"}
        if cursor["after"]:
            query["after"] = cursor["after"]
        answer = self._call("GET", f"{post_id}/comments", {}, query=query)
        changes = [
            c for node in answer.get("data", []) for c in _node_changes(self.page_id, node, post_id)
        ]
        after = _next_after(answer)
        if not after:
            posts.pop(0)
        if after or posts:
            return Page(changes, {"stage": "comments", "after": after, "posts": posts})
        return Page(changes, None)


def _next_after(answer: dict) -> str | None:
    """Graph leaves out `paging.next` on the last page, even when cursors are given."""
    paging = answer.get("paging") or {}
    if not paging.get("next"):
        return None
    return (paging.get("cursors") or {}).get("after")


def read_insights(answer: Any) -> list[DayInsight]:
    """The days of an insights answer ({"data": [{"name", "period", "values": [{"value",
    "end_time"}]}]}), by date; a value's day is the one that ends at its end_time.
    Raises ValueError saying what is malformed; metrics not asked for are ignored."""
    if not isinstance(answer, dict) or not isinstance(answer.get("data"), list):
        raise ValueError("the answer has no 'data' list")
    days: dict[datetime.date, dict[str, int]] = {}
    for metric in answer["data"]:
        if not isinstance(metric, dict) or not isinstance(metric.get("values"), list):
            raise ValueError("a metric is not an object with a 'values' list")
        name = metric.get("name")
        if name not in INSIGHT_METRICS or metric.get("period", "day") != "day":
            continue
        for entry in metric["values"]:
            value = entry.get("value") if isinstance(entry, dict) else None
            end = _moment(entry.get("end_time")) if isinstance(entry, dict) else None
            if end is None or isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{name}: {entry!r} is not a count with an end_time")
            day = (end - datetime.timedelta(days=1)).date()
            days.setdefault(day, {})[INSIGHT_METRICS[name]] = value
    return [DayInsight(date=day, **figures) for day, figures in sorted(days.items())]


def read_usage(headers: Any) -> tuple[dict[str, Any], datetime.timedelta | None]:
    """Meta's usage headers, and how long to wait if a limit is (nearly) reached."""
    usage: dict[str, Any] = {}
    wait: datetime.timedelta | None = None
    app = headers.get("x-app-usage")
    if app:
        try:
            usage["app"] = json.loads(app)
            if max(float(v) for v in usage["app"].values()) >= USAGE_LIMIT:
                wait = DEFAULT_BACKOFF
        except (ValueError, TypeError, AttributeError):
            usage["app"] = app
    business = headers.get("x-business-use-case-usage")
    if business:
        try:
            usage["business"] = json.loads(business)
            for entries in usage["business"].values():
                for entry in entries:
                    minutes = float(entry.get("estimated_time_to_regain_access") or 0)
                    percent = max(
                        float(entry.get(name) or 0)
                        for name in ("call_count", "total_cputime", "total_time")
                    )
                    if minutes > 0:
                        candidate = datetime.timedelta(minutes=minutes)
                        wait = max(wait or candidate, candidate)
                    elif percent >= USAGE_LIMIT:
                        wait = wait or DEFAULT_BACKOFF
        except (ValueError, TypeError, AttributeError):
            usage["business"] = business
    return usage, wait


# --- turning Graph shapes into item events ------------------------------------------------


def _id(value: Any) -> str:
    """Graph ids arrive as strings or JSON numbers; both mean the same id."""
    if value is None or isinstance(value, bool):
        return ""
    return str(value).strip()


def _moment(value: Any) -> datetime.datetime | None:
    """Webhooks give epoch seconds; the Graph gives "2014-10-17T14:03:17+0000"."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            return datetime.datetime.fromtimestamp(value, tz=datetime.UTC)
        except (ValueError, OverflowError, OSError):
            return None  # not a moment: the change is rejected with the reason
    try:
        return datetime.datetime.strptime(str(value), "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        return None


def _digest(*parts: Any) -> str:
    canonical = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _unknown(entry: dict, field_name: str, value: Any, reason: str) -> RawChange:
    payload = {"entry_id": entry.get("id"), "time": entry.get("time"), "field": field_name}
    payload["value"] = value
    verb = value.get("verb", "") if isinstance(value, dict) else ""
    return RawChange(
        dedup_key=_digest(entry.get("id"), entry.get("time"), field_name, value),
        field=field_name[:60],
        verb=str(verb)[:60],
        payload=payload,
        status=RawStatus.UNKNOWN,
        reason=reason,
    )


def _author(value: dict) -> dict | None:
    sender = value.get("from")
    if isinstance(sender, dict) and _id(sender.get("id")):
        return {"id": _id(sender["id"]), "name": str(sender.get("name") or "")}
    if _id(value.get("sender_id")):
        return {"id": _id(value["sender_id"]), "name": str(value.get("sender_name") or "")}
    return None


def _entry_change(object_type: str, entry: dict, change: Any) -> RawChange:
    if not isinstance(change, dict):
        return _unknown(entry, "", change, "a change that is not an object")
    field_name = str(change.get("field", ""))
    value = change.get("value")
    raw = _unknown(entry, field_name, value, "")
    raw.payload["object"] = object_type
    if object_type != "page":
        raw.reason = f"object '{object_type}' is not a Facebook Page"
        return raw
    if field_name not in CONTENT_FIELDS:
        raw.reason = f"field '{field_name}' is not handled"
        return raw
    if not isinstance(value, dict):
        raw.status, raw.reason = RawStatus.REJECTED, "the change has no 'value' object"
        return raw
    item, verb = str(value.get("item", "")), str(value.get("verb", ""))
    if item in NOT_CONTENT_ITEMS:
        raw.status, raw.reason = RawStatus.SKIPPED, f"a {item} is not content"
        return raw
    if item not in POST_ITEMS and item != "comment":
        raw.reason = f"item '{item}' is not handled"
        return raw
    if verb not in VERBS:
        raw.reason = f"verb '{verb}' is not handled"
        return raw
    page_id = _id(entry.get("id"))
    entry_time = _moment(entry.get("time"))
    created = _moment(value.get("created_time"))
    event_type = VERBS[verb]
    # An addition counts from its creation (as the backfill does); an edit, hide or
    # removal from the moment Meta reports it.
    if event_type == EventType.UPSERT and verb == "add":
        occurred = created or entry_time
    else:
        occurred = max((m for m in (entry_time, created) if m), default=None)
    fields: dict[str, Any] = {
        "platform": "facebook",
        "channel": page_id,
        "event": event_type,
        "author": _author(value),
        "text": str(value.get("message") or ""),
        "occurred_at": occurred,
        "published_at": created if verb == "add" else None,
    }
    if item == "comment":
        post_id, parent_id = _id(value.get("post_id")), _id(value.get("parent_id"))
        is_reply = bool(parent_id) and parent_id != post_id
        fields |= {
            "external_id": _id(value.get("comment_id")),
            "kind": ItemKind.REPLY if is_reply else ItemKind.COMMENT,
            "thread_external_id": post_id,
            "parent_external_id": parent_id or post_id,
        }
    else:
        fields |= {"external_id": _id(value.get("post_id")), "kind": ItemKind.POST}
    raw.external_id = fields["external_id"][:200]
    try:
        raw.event = ItemEvent.model_validate(fields | _media(value))
    except ValidationError as exc:
        raw.status, raw.reason = RawStatus.REJECTED, _validation_reason(exc)
        return raw
    except ValueError as exc:
        raw.status, raw.reason = RawStatus.REJECTED, str(exc)
        return raw
    raw.status, raw.reason = RawStatus.INGESTED, ""
    return raw


def _media(value: dict) -> dict[str, Any]:
    attachments = []
    if value.get("photo"):
        attachments.append({"type": "photo", "url": str(value["photo"])})
    photos = value.get("photos") or []
    if not isinstance(photos, list):
        raise ValueError(f"photos: a list of addresses, not {type(photos).__name__}")
    for url in photos:
        attachments.append({"type": "photo", "url": str(url)})
    if value.get("video"):
        attachments.append({"type": "video", "url": str(value["video"])})
    links = [str(value["link"])] if value.get("link") else []
    return {"attachments": attachments, "links": links}


def _validation_reason(exc: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in error['loc']) or 'event'}: {error['msg']}"
        for error in exc.errors()
    )


def _node_change(page_id: str, node: dict, post_id: str | None) -> RawChange:
    """A post or comment node from the Graph (backfill) as a change."""
    created = _moment(node.get("created_time"))
    fields: dict[str, Any] = {
        "platform": "facebook",
        "channel": page_id,
        "external_id": _id(node.get("id")),
        "author": _author(node),
        "text": str(node.get("message") or ""),
        "occurred_at": created,
        "published_at": created,
    }
    if post_id is None:
        fields["kind"] = ItemKind.POST
    else:
        parent = node.get("parent") if isinstance(node.get("parent"), dict) else None
        parent_id = _id(parent.get("id")) if parent else ""
        fields |= {
            "kind": ItemKind.REPLY if parent_id else ItemKind.COMMENT,
            "thread_external_id": post_id,
            "parent_external_id": parent_id or post_id,
        }
    attachment = node.get("attachment")
    if isinstance(attachment, dict) and attachment.get("url"):
        fields["attachments"] = [
            {"type": str(attachment.get("type") or "link")[:40], "url": str(attachment["url"])}
        ]
    raw = RawChange(
        dedup_key=_digest("backfill", page_id, node),
        field="comments" if post_id else "feed",
        verb="backfill",
        payload=node,
        external_id=fields["external_id"][:200],
    )
    try:
        raw.event = ItemEvent.model_validate(fields)
    except ValidationError as exc:
        raw.status, raw.reason = RawStatus.REJECTED, _validation_reason(exc)
    return raw


def _node_changes(page_id: str, node: dict, post_id: str | None) -> list[RawChange]:
    """A node, and a hide at its creation time if the Graph says it is hidden."""
    raw = _node_change(page_id, node, post_id)
    if not node.get("is_hidden") or raw.event is None:
        return [raw]
    event = raw.event.model_copy(update={"event": EventType.HIDE})
    hidden = RawChange(
        dedup_key=_digest("backfill-hidden", raw.dedup_key),
        field=raw.field,
        verb="hide",
        payload={"id": raw.external_id, "is_hidden": True},
        external_id=raw.external_id,
        event=event,
    )
    return [raw, hidden]

"""The local Facebook Graph fake, for the demo (`make run`) and the tests; the other
platforms' fakes are in platforms/fakes.

It is a real HTTP server on 127.0.0.1 with JSON answers, injected failures
(POST /_fail {"count": 3, "status": 500, "code": 2}, or for a while: {"seconds": 60,
"status": 400, "code": 4} throttles every call for a minute), extra answer headers (e.g. Meta's
usage headers), a JSON-lines log of effects that survives a restart, and `push`, which
sends a signed webhook to somevakt.

It is built from the documented payloads in
fixtures/facebook (copied from ../shared/fixtures/platforms; see fixtures/README.md):
the webhook bodies it pushes are those files, the posts and comments it serves are the
ones they describe, and its errors have the Graph error envelope. It keeps what was
hidden, deleted, blocked and replied, and answers a repeated DELETE with Graph's "object
does not exist" error. A post made with POST /{page-id}/feed is in the feed from then
on (a repeat with the same Idempotency-Key gives the same post); POST /{post-id} with
message edits it, with is_pinned pins it. /{page-id}/insights answers daily figures
that follow from the page id and the date alone (`insight_figures`), so every run sees
the same numbers.
"""

import datetime
import hashlib
import hmac
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from somevakt.connectors.platforms.fakes.server import FIXTURES, fixture

FACEBOOK_FIXTURES = FIXTURES / "facebook"


def facebook_webhook_fixtures() -> dict[str, dict[str, Any]]:
    """Every documented webhook body, by file name."""
    return {
        path.name: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(FACEBOOK_FIXTURES.glob("webhook_*.json"))
    }


def sign(body: bytes, secret: str) -> str:
    """Meta's X-Hub-Signature-256 value for `body`."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def push(url: str, body: bytes, *, secret: str | None, timeout: float = 10.0) -> tuple[int, str]:
    """POST a webhook body to `url` as Meta does, signed unless `secret` is None."""
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Hub-Signature-256"] = sign(body, secret)
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


class FakePlatform:
    """The Facebook Graph fake (also answers Graph-style actions for the other platforms
    until they have fakes of their own)."""

    def __init__(self, log_path: Path | None = None, *, page_id: str = "", token: str = ""):
        self.hidden: set[str] = set()
        self.deleted: set[str] = set()
        self.blocked: set[tuple[str, str]] = set()
        self._ids = 0
        self.token = token  # if set, every call must carry it (as the Graph does)
        self.pages: dict[str, str] = {}
        self.posts: dict[str, list[dict[str, Any]]] = {}  # page id → post nodes, newest first
        self.comments: dict[str, list[dict[str, Any]]] = {}  # post id → comment nodes
        self.answers: dict[str, dict[str, Any]] = {}  # path → a fixed answer (odd shapes)
        self.published: dict[str, str] = {}  # idempotency key → the post it made
        self.lock = threading.Lock()
        self.log_path = log_path
        self.effects: list[dict[str, Any]] = []
        self.failures: list[tuple[int, int]] = []  # (HTTP status, platform code), in order
        self.failing_until = 0.0  # time.monotonic() until which every call fails, and how
        self.failing_as: tuple[int, int] = (500, 2)
        self.headers: dict[str, str] = {}  # added to every answer
        self.requests: list[tuple[str, str, dict[str, str]]] = []  # what was asked
        if log_path and log_path.exists():
            for line in log_path.read_text().splitlines():
                self._apply(json.loads(line))
        if page_id:
            self.seed_from_fixtures(page_id)

    def _apply(self, effect: dict[str, Any]) -> None:
        self.effects.append(effect)
        kind, target = effect["effect"], effect["target"]
        if kind == "delete":
            self.deleted.add(target)
        elif kind in ("hide", "unhide"):
            (self.hidden.add if kind == "hide" else self.hidden.discard)(target)
        elif kind in ("block", "unblock"):
            pair = (target, effect["user"])
            (self.blocked.add if kind == "block" else self.blocked.discard)(pair)
        elif kind == "publish":  # the log holds the whole post, so a restart keeps it
            page_id = target.partition("_")[0]
            self.pages.setdefault(page_id, "Rakkestad kommune (demo)")
            self.posts.setdefault(page_id, []).insert(0, dict(effect["node"]))
            self.comments.setdefault(target, [])
            self.published[effect.get("key") or target] = target
        elif kind in ("edit", "pin", "unpin") and (post := self._post(target)) is not None:
            if kind == "edit":
                post["message"], post["updated_time"] = effect["message"], effect["at"]
            else:
                post["is_pinned"] = kind == "pin"

    def error(self, message: str, code: int) -> dict[str, Any]:
        # The envelope of fixtures/facebook/graph_error_restfb_exampleErrorNew.json.
        kind = "OAuthException" if code in (190, 4, 17, 32, 613) else "GraphMethodException"
        return {"error": {"message": message, "type": kind, "code": code, "fbtrace_id": "fake"}}

    def record(self, effect: dict[str, Any]) -> None:
        self._apply(effect)
        if self.log_path:
            with self.log_path.open("a") as log:
                log.write(json.dumps(effect) + "\n")

    def handle(
        self, method: str, path: str, fields: dict[str, str], key: str
    ) -> tuple[int, dict[str, Any]]:
        parts = [part for part in path.split("/") if part]
        if parts and parts[0].startswith("v") and parts[0][1:2].isdigit():
            parts = parts[1:]  # the API version, e.g. v21.0
        with self.lock:
            if parts == ["_log"] and method == "GET":
                return 200, {"effects": self.effects}
            if parts == ["_fail"] and method == "POST":
                failure = (int(fields.get("status", 500)), int(fields.get("code", 2)))
                if "seconds" in fields:
                    self.failing_until = time.monotonic() + float(fields["seconds"])
                    self.failing_as = failure
                else:
                    self.failures += [failure] * int(fields.get("count", 1))
                return 200, {"success": True}
            self.requests.append((method, "/".join(parts), dict(fields)))
            if self.failures or time.monotonic() < self.failing_until:
                status, code = self.failures.pop(0) if self.failures else self.failing_as
                return status, self.error(f"Injected failure (#{code})", code)
            if not parts:
                return 404, self.error("Unknown path", 803)
            return self.route(method, parts, fields, key)

    # --- content, from the fixtures --------------------------------------------------
    def seed_from_fixtures(self, page_id: str) -> None:
        """The page and the posts and comments the documented payloads describe, moved
        to `page_id`, plus `extra` numbered posts for paging."""
        self.pages[page_id] = "Rakkestad kommune (demo)"
        node = fixture("facebook", "graph_restfb_v5_0_post-with-comment.json")
        post_id = f"{page_id}_456789012345"
        self.add_post(
            page_id,
            {
                "id": post_id,
                "created_time": "2020-01-16T13:00:00+0000",
                "message": "Velkommen til kommunens side.",
                "from": {"id": page_id, "name": self.pages[page_id]},
            },
        )
        for comment in node["comments"]["data"]:
            self.add_comment(post_id, comment)
        hidden = fixture("facebook", "graph_restfb_v2_2_comment_canHide.json")
        self.add_comment(
            post_id,
            {key: hidden[key] for key in ("id", "from", "message", "created_time", "is_hidden")},
        )
        for body in facebook_webhook_fixtures().values():
            for entry in body.get("entry", []):
                for change in entry.get("changes", []):
                    value = change.get("value") or {}
                    if change.get("field") != "feed" or value.get("verb") != "add":
                        continue
                    self._seed_from_webhook(page_id, value)

    def _seed_from_webhook(self, page_id: str, value: dict[str, Any]) -> None:
        if "{" in str(value.get("post_id", "")):
            return  # the doc's placeholders ("{page-post-id}") are not content
        moved = str(value.get("post_id", "")).split("_")[-1]
        post_id = f"{page_id}_{moved}"
        author = value.get("from") or {
            "id": str(value.get("sender_id", "")),
            "name": value.get("sender_name", ""),
        }
        created = value.get("created_time")
        iso = _graph_time(created) if created else "2016-01-01T00:00:00+0000"
        if value.get("item") == "comment":
            if post_id not in self.comments:
                self.add_post(page_id, {"id": post_id, "created_time": iso, "message": ""})
            self.add_comment(
                post_id,
                {
                    "id": str(value["comment_id"]),
                    "created_time": iso,
                    "message": value.get("message", ""),
                    "from": {"id": str(author.get("id", "")), "name": author.get("name", "")},
                },
            )
        elif all(post["id"] != post_id for post in self.posts.get(page_id, [])):
            self.add_post(
                page_id,
                {
                    "id": post_id,
                    "created_time": iso,
                    "message": value.get("message", ""),
                    "from": {"id": str(author.get("id", "")), "name": author.get("name", "")},
                },
            )

    def add_post(self, page_id: str, node: dict[str, Any]) -> None:
        self.posts.setdefault(page_id, []).append(node)
        self.comments.setdefault(node["id"], [])

    def add_comment(self, post_id: str, node: dict[str, Any]) -> None:
        if all(comment["id"] != node["id"] for comment in self.comments.get(post_id, [])):
            self.comments.setdefault(post_id, []).append(node)

    # --- the Graph --------------------------------------------------------------------
    def route(
        self, method: str, parts: list[str], fields: dict[str, str], key: str
    ) -> tuple[int, dict[str, Any]]:
        if self.token and fields.get("access_token") != self.token:
            return 400, self.error("Invalid OAuth access token - Cannot parse access token", 190)
        target = parts[0]
        if method == "GET":
            return self._read(parts, fields)
        if len(parts) == 1 and method == "DELETE":
            if target in self.deleted:
                return 400, self.error("(#100) Object does not exist or has been deleted", 100)
            self.record({"effect": "delete", "target": target, "key": key})
            return 200, {"success": True}
        if len(parts) == 1 and method == "POST" and "is_hidden" in fields:
            kind = "hide" if fields["is_hidden"] == "true" else "unhide"
            self.record({"effect": kind, "target": target, "key": key})
            return 200, {"success": True}
        if parts[1:] == ["feed"] and method == "POST":
            return self._publish(target, fields, key)
        post = self._post(target) if len(parts) == 1 and method == "POST" else None
        if post is not None and ("message" in fields or "is_pinned" in fields):
            return self._edit(post, fields, key)
        if parts[1:] == ["blocked"] and method in ("POST", "DELETE"):
            kind = "block" if method == "POST" else "unblock"
            self.record(
                {"effect": kind, "target": target, "user": fields.get("user", ""), "key": key}
            )
            return 200, {fields.get("user", ""): True}
        if parts[1:] == ["messages"] and method == "POST":
            # A private reply (Graph ≥ v3.3): recipient {"comment_id": ...}.
            try:
                comment_id = json.loads(fields.get("recipient", "{}"))["comment_id"]
                text = json.loads(fields.get("message", "{}"))["text"]
            except (ValueError, KeyError, TypeError):
                return 400, self.error("(#100) recipient.comment_id and message.text needed", 100)
            self.record(
                {"effect": "private_replies", "target": comment_id, "message": text, "key": key}
            )
            return 200, {"recipient_id": "fake-recipient", "message_id": f"m_{key or comment_id}"}
        if parts[1:] in (["comments"], ["private_replies"]) and method == "POST":
            self._ids += 1
            reply_id = f"{target}_reply{self._ids}"
            self.record(
                {
                    "effect": parts[1],
                    "target": target,
                    "message": fields.get("message", ""),
                    "key": key,
                }
            )
            return 200, {"id": reply_id}
        return 400, self.error(f"Unsupported {method} request on {'/'.join(parts)}", 100)

    def _post(self, post_id: str) -> dict[str, Any] | None:
        page_id = post_id.partition("_")[0]
        return next((p for p in self.posts.get(page_id, []) if p["id"] == post_id), None)

    def _publish(self, page_id: str, fields: dict[str, str], key: str) -> tuple[int, dict]:
        if not fields.get("message", "").strip():
            return 400, self.error("(#100) The message must not be empty", 100)
        if key and key in self.published:
            return 200, {"id": self.published[key]}
        number = f"9{len(self.published) + 1:08d}"
        now = datetime.datetime.now(tz=datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")
        node = {
            "id": f"{page_id}_{number}",
            "created_time": now,
            "message": fields["message"],
            "from": {"id": page_id, "name": self.pages.get(page_id, "Rakkestad kommune (demo)")},
            "permalink_url": f"https://www.facebook.com/{page_id}/posts/{number}",
        }
        self.record({"effect": "publish", "target": node["id"], "key": key, "node": node})
        return 200, {"id": node["id"]}

    def _edit(self, post: dict[str, Any], fields: dict[str, str], key: str) -> tuple[int, dict]:
        now = datetime.datetime.now(tz=datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")
        if "message" in fields:
            effect = {"effect": "edit", "target": post["id"], "message": fields["message"]}
            self.record({**effect, "at": now, "key": key})
        if "is_pinned" in fields:
            kind = "pin" if fields["is_pinned"] == "true" else "unpin"
            self.record({"effect": kind, "target": post["id"], "key": key})
        return 200, {"success": True}

    def _read(self, parts: list[str], fields: dict[str, str]) -> tuple[int, dict[str, Any]]:
        target = parts[0]
        if "/".join(parts) in self.answers:
            return 200, self.answers["/".join(parts)]
        if parts[1:] == ["insights"] and target in self.pages:
            return self._insights(target, fields)
        if len(parts) == 1:
            if target in self.pages:
                return 200, {"id": target, "name": self.pages[target]}
            if (post := self._post(target)) is not None:
                return 200, post
            return 400, self.error(f"(#100) Unknown object {target}", 100)
        if parts[1:] == ["feed"] and target in self.posts:
            nodes = [p for p in self.posts[target] if p["id"] not in self.deleted]
        elif parts[1:] == ["comments"] and target in self.comments:
            nodes = [c for c in self.comments[target] if c["id"] not in self.deleted]
        else:
            return 400, self.error(f"Unsupported GET request on {'/'.join(parts)}", 100)
        nodes = [
            {**node, "is_hidden": node["id"] in self.hidden or node.get("is_hidden", False)}
            for node in nodes
        ]
        return 200, _paged(nodes, fields, "/".join(parts))

    def _insights(self, page_id: str, fields: dict[str, str]) -> tuple[int, dict[str, Any]]:
        """GET /{page-id}/insights?metric=a,b&period=day&since=YYYY-MM-DD&until=YYYY-MM-DD:
        a value per day from since up to until, each ending at 07:00 UTC the next day
        (midnight Pacific time, as Meta counts days)."""
        metrics = [m for m in fields.get("metric", "").split(",") if m]
        unknown = [m for m in metrics if m not in INSIGHT_METRICS]
        if not metrics or unknown or fields.get("period") != "day":
            return 400, self.error(
                f"(#100) The value must be a valid insights metric: {','.join(unknown)}", 100
            )
        try:
            since = datetime.date.fromisoformat(fields["since"])
            until = datetime.date.fromisoformat(fields["until"])
        except (KeyError, ValueError):
            return 400, self.error("(#100) since and until must be dates", 100)
        if not 0 < (until - since).days <= 93:
            return 400, self.error(
                "(#100) There cannot be more than 93 days between since and until", 100
            )
        days = [since + datetime.timedelta(days=n) for n in range((until - since).days)]
        data = [
            {
                "name": metric,
                "period": "day",
                "values": [
                    {
                        "value": insight_figures(page_id, day)[metric],
                        "end_time": f"{day + datetime.timedelta(days=1)}T07:00:00+0000",
                    }
                    for day in days
                ],
                "title": metric,
                "id": f"{page_id}/insights/{metric}/day",
            }
            for metric in metrics
        ]
        paging = {
            "previous": f"/{page_id}/insights?until={since}",
            "next": f"/{page_id}/insights?since={until}",
        }
        return 200, {"data": data, "paging": paging}


# Followers for page_follows and page_fans alike.
INSIGHT_METRICS = ("page_follows", "page_fans", "page_impressions_unique", "page_impressions")


def insight_figures(page_id: str, day: datetime.date) -> dict[str, int]:
    """The fake page's figures for a day: a function of the page and the date only."""
    seed = int(hashlib.sha256(f"{page_id}-{day}".encode()).hexdigest()[:8], 16)
    followers = 2000 + (day - datetime.date(2020, 1, 1)).days
    reach = 100 + seed % 900
    return {
        "page_follows": followers,
        "page_fans": followers,
        "page_impressions_unique": reach,
        "page_impressions": reach + seed % 500,
    }


def _graph_time(epoch: Any) -> str:
    import datetime

    moment = datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S+0000")


def _paged(nodes: list[dict[str, Any]], fields: dict[str, str], path: str) -> dict[str, Any]:
    """Cursor paging as the Graph does it: `next` only when there is more."""
    import base64

    limit = max(1, min(int(fields.get("limit") or 25), 100))
    start = 0
    if fields.get("after"):
        start = int(base64.urlsafe_b64decode(fields["after"].encode()).decode())
    chunk = nodes[start : start + limit]

    def cursor(index: int) -> str:
        return base64.urlsafe_b64encode(str(index).encode()).decode()

    answer: dict[str, Any] = {"data": chunk}
    if chunk:
        answer["paging"] = {"cursors": {"before": cursor(start), "after": cursor(start + limit)}}
        if start + limit < len(nodes):
            answer["paging"]["next"] = f"/{path}?after={cursor(start + limit)}&limit={limit}"
    return answer


def serve(platform: FakePlatform, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    """A server for `platform` (port 0 picks a free one); call serve_forever() to run it."""

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode() if length else ""
            split = urllib.parse.urlsplit(self.path)
            fields = dict(urllib.parse.parse_qsl(split.query))
            if raw.startswith("{"):
                fields.update(json.loads(raw))
            else:
                fields.update(urllib.parse.parse_qsl(raw))
            status, body = platform.handle(
                self.command, split.path, fields, self.headers.get("Idempotency-Key", "")
            )
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in platform.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_DELETE = _answer

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

    return ThreadingHTTPServer((host, port), Handler)

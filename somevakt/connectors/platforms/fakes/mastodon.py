"""A fake Mastodon instance: notifications, account statuses, posting (with the
Idempotency-Key header), editing and pinning, blocks, reports,
and the user stream as server-sent events that the tests can drop and refuse.

Statuses are made from the recorded POST /api/v1/statuses answer (Mastodon.py's
cassette), notifications from the recorded mention; the stream sends the documented
notification frame as it is and further frames in the same form.
"""

import copy
import datetime
import json
import queue
import threading
from typing import Any

from somevakt.connectors.platforms.fakes.server import (
    FIXTURES,
    Answer,
    FakeServer,
    Request,
    fixture,
)

ACCESS_TOKEN = "mastodon-app-token"  # noqa: S105 (a test credential)
ACCOUNT = "117020565693913441"  # the recorded "admin" account plays the municipality
DROP = object()  # put on the stream: the server closes the connection


def _now() -> str:
    return datetime.datetime.now(tz=datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def documented_frame() -> bytes:
    return (FIXTURES / "mastodon" / "streaming_user_sse_notification.txt").read_bytes()


def frame(event: str, data: Any) -> bytes:
    text = data if isinstance(data, str) else json.dumps(data)
    return f"event: {event}\ndata: {text}\n\n".encode()


class FakeMastodon(FakeServer):
    token = f"Bearer {ACCESS_TOKEN}"

    def __init__(self, *, lenient: bool = False) -> None:
        super().__init__(lenient=lenient)
        self.notifications: list[dict[str, Any]] = fixture(
            "mastodon", "get_api_v1_notifications_mention.json"
        )
        self.statuses: dict[str, dict[str, Any]] = {}
        for note in self.notifications:
            self.statuses[note["status"]["id"]] = note["status"]
        self.stream_queue: queue.Queue[Any] = queue.Queue()
        self.refuse_streams: list[int] = []  # HTTP statuses for the next stream requests
        self.stream_connections = 0
        self.stopping = threading.Event()
        self._next_id = 117020600000000000
        self.idempotent: dict[str, str] = {}  # Idempotency-Key → the status it made

    def stop(self) -> None:
        self.stopping.set()
        super().stop()

    def routes(self) -> None:
        self.route("GET", "/api/v1/accounts/verify_credentials", self.me)
        self.route("GET", "/api/v1/notifications", self.list_notifications)
        self.route("GET", "/api/v1/accounts/{id}/statuses", self.list_statuses)
        self.route("GET", "/api/v1/statuses/{id}", self.get_status)
        self.route("POST", "/api/v1/statuses", self.post_status)
        self.route("PUT", "/api/v1/statuses/{id}", self.edit_status)
        self.route("POST", "/api/v1/statuses/{id}/pin", self.pin_status)
        self.route("POST", "/api/v1/statuses/{id}/unpin", self.pin_status)
        self.route("POST", "/api/v1/accounts/{id}/block", self.block)
        self.route("POST", "/api/v1/accounts/{id}/unblock", self.unblock)
        self.route("POST", "/api/v1/reports", self.report)
        self.route("GET", "/api/v1/streaming/user", self.stream)
        self.route("GET", "/api/v1/admin/reports", self.admin_reports)
        self.route("POST", "/api/v1/admin/reports/{id}/resolve", self.admin_resolve)

    # Making data in the recorded shapes

    def new_id(self) -> str:
        with self.lock:
            self._next_id += 1
            return str(self._next_id)

    def make_status(
        self,
        text: str,
        *,
        account_id: str = ACCOUNT,
        acct: str = "admin",
        in_reply_to: dict[str, Any] | None = None,
        at: str = "2026-11-26T10:00:00.000Z",
        visibility: str = "public",
    ) -> dict[str, Any]:
        status = copy.deepcopy(fixture("mastodon", "post_api_v1_statuses_response.json"))
        status_id = self.new_id()
        status.update(
            id=status_id,
            created_at=at,
            content=f"<p>{text}</p>",
            visibility=visibility,
            url=f"http://localhost:3000/@{acct}/{status_id}",
            uri=f"http://localhost:3000/ap/users/{account_id}/statuses/{status_id}",
            in_reply_to_id=in_reply_to["id"] if in_reply_to else None,
            in_reply_to_account_id=in_reply_to["account"]["id"] if in_reply_to else None,
            mentions=[],
        )
        status["account"].update(id=account_id, username=acct, acct=acct, display_name=acct)
        self.statuses[status_id] = status
        return status

    def mention(self, status: dict[str, Any]) -> dict[str, Any]:
        note = copy.deepcopy(self.notifications[0])
        note.update(
            id=str(max(int(n["id"]) for n in self.notifications) + 1),
            group_key=f"ungrouped-{status['id']}",
            created_at=status["created_at"],
            account=status["account"],
            status=status,
        )
        self.notifications.append(note)
        return note

    def push(self, event: str, data: Any) -> None:
        self.stream_queue.put(frame(event, data))

    def push_raw(self, chunk: bytes) -> None:
        self.stream_queue.put(chunk)

    def drop(self) -> None:
        self.stream_queue.put(DROP)

    # Answers

    def demo_answer(self, request: Request) -> Answer | None:
        if request.method == "GET" and "id" in request.match:  # a status the demo made
            made = self.make_status("demo", account_id="demo", acct="innbygger")
            self.statuses[request.match["id"]] = {**made, "id": request.match["id"]}
            return self.get_status(request)
        if request.method == "POST" and request.path == "/api/v1/statuses":
            body = dict(request.body or {})
            reply_to = str(body.get("in_reply_to_id"))
            made = self.make_status("demo", account_id="demo", acct="innbygger")
            self.statuses[reply_to] = {**made, "id": reply_to}
            return self.post_status(request)
        return None

    def me(self, request: Request) -> Answer:
        return Answer(200, {"id": ACCOUNT, "acct": "admin", "username": "admin"})

    def _page(self, found: list[dict[str, Any]], request: Request, path: str) -> Answer:
        found = sorted(found, key=lambda x: int(x["id"]), reverse=True)  # newest first
        limit = int(request.params.get("limit", 20))
        if max_id := request.params.get("max_id"):
            found = [x for x in found if int(x["id"]) < int(max_id)]
        if since := request.params.get("since_id"):
            found = [x for x in found if int(x["id"]) > int(since)]
        if min_id := request.params.get("min_id"):  # the page just after min_id
            found = [x for x in found if int(x["id"]) > int(min_id)][-limit:]
        chunk = found[:limit]
        headers = {"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "299"}
        if chunk:
            base = f"http://localhost:3000{path}"
            headers["Link"] = (
                f'<{base}?max_id={chunk[-1]["id"]}>; rel="next", '
                f'<{base}?min_id={chunk[0]["id"]}>; rel="prev"'
            )
        return Answer(200, chunk, headers)

    def list_notifications(self, request: Request) -> Answer:
        wanted = request.params.get("types[]")
        found = [n for n in self.notifications if not wanted or n["type"] == wanted]
        return self._page(found, request, "/api/v1/notifications")

    def list_statuses(self, request: Request) -> Answer:
        own = [s for s in self.statuses.values() if s["account"]["id"] == request.match["id"]]
        return self._page(own, request, request.path)

    def get_status(self, request: Request) -> Answer:
        found = self.statuses.get(request.match["id"])
        if found is None:
            return Answer(404, {"error": "Record not found"})
        return Answer(200, found)

    def post_status(self, request: Request) -> Answer:
        body = request.body or {}
        key = request.headers.get("idempotency-key", "")
        if key and key in self.idempotent:  # Mastodon answers a repeat with the first status
            return Answer(200, self.statuses[self.idempotent[key]])
        parent = self.statuses.get(str(body.get("in_reply_to_id")))
        if body.get("in_reply_to_id") and parent is None:
            return Answer(404, {"error": "Record not found"})
        made = self.make_status(
            body.get("status", ""),
            in_reply_to=parent,
            visibility=body.get("visibility", "public"),
            **({} if parent else {"at": _now()}),  # the municipality's own post: now
        )
        made["content"] = f"<p>{body.get('status', '')}</p>"
        if key:
            self.idempotent[key] = made["id"]
        self.record(
            "status",
            text=body.get("status", ""),
            in_reply_to=body.get("in_reply_to_id"),
            visibility=made["visibility"],
            **({"key": key} if key else {}),
        )
        return Answer(200, made)

    def edit_status(self, request: Request) -> Answer:
        found = self.statuses.get(request.match["id"])
        if found is None or found["account"]["id"] != ACCOUNT:
            return Answer(404, {"error": "Record not found"})
        text = (request.body or {}).get("status", "")
        found.update(content=f"<p>{text}</p>", edited_at=_now())
        self.record("edit", status=found["id"], text=text)
        return Answer(200, found)

    def pin_status(self, request: Request) -> Answer:
        found = self.statuses.get(request.match["id"])
        if found is None or found["account"]["id"] != ACCOUNT:
            return Answer(404, {"error": "Record not found"})
        found["pinned"] = request.path.endswith("/pin")
        self.record("pin" if found["pinned"] else "unpin", status=found["id"])
        return Answer(200, found)

    def block(self, request: Request) -> Answer:
        self.record("block", account=request.match["id"])
        return Answer(200, {"id": request.match["id"], "blocking": True})

    def unblock(self, request: Request) -> Answer:
        self.record("unblock", account=request.match["id"])
        return Answer(200, {"id": request.match["id"], "blocking": False})

    def report(self, request: Request) -> Answer:
        body = request.body or {}
        answer = copy.deepcopy(fixture("mastodon", "post_api_v1_reports_response.json"))
        answer.update(
            comment=body.get("comment", ""),
            status_ids=body.get("status_ids", []),
            forwarded=bool(body.get("forward")),
            category=body.get("category", "other"),
        )
        answer["target_account"]["id"] = str(body.get("account_id"))
        self.record(
            "report",
            account=str(body.get("account_id")),
            statuses=body.get("status_ids", []),
            comment=body.get("comment", ""),
            forward=bool(body.get("forward")),
        )
        return Answer(200, answer)

    def admin_reports(self, request: Request) -> Answer:
        reports = fixture("mastodon", "get_api_v1_admin_reports_response.json")
        resolved = request.params.get("resolved") == "true"
        return Answer(200, [r for r in reports if r["action_taken"] == resolved])

    def admin_resolve(self, request: Request) -> Answer:
        answer = fixture("mastodon", "post_api_v1_admin_reports_id_resolve_response.json")
        if request.match["id"] != answer["id"]:
            return Answer(404, {"error": "Record not found"})
        self.record("resolve", report=request.match["id"])
        return Answer(200, answer)

    def stream(self, request: Request) -> Answer:
        self.stream_connections += 1
        if self.refuse_streams:
            status = self.refuse_streams.pop(0)
            headers = {"Retry-After": "0"} if status in (429, 503) else {}
            return Answer(status, {"error": "Stream unavailable"}, headers)

        def send(write: Any) -> None:
            while not self.stopping.is_set():
                try:
                    chunk = self.stream_queue.get(timeout=0.05)
                except queue.Empty:
                    continue
                if chunk is DROP:
                    return
                write(chunk)

        return Answer(200, stream=send)

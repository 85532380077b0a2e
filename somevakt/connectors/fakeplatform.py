"""A local stand-in for a platform's Graph-style API, for the demo and the tests.

It keeps what was hidden, deleted, blocked and replied in memory, appends every effect to
a JSON-lines log (so that counts survive its own restart), and answers a repeated
DELETE with Graph's "object does not exist" error. Failures can be injected to test
retries: POST /_fail {"count": 3, "status": 500, "code": 2}.
"""

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


class FakePlatform:
    def __init__(self, log_path: Path | None = None):
        self.lock = threading.Lock()
        self.log_path = log_path
        self.effects: list[dict[str, Any]] = []
        self.hidden: set[str] = set()
        self.deleted: set[str] = set()
        self.blocked: set[tuple[str, str]] = set()
        self.failures: list[tuple[int, int]] = []  # (HTTP status, Graph code), used in order
        self._ids = 0
        if log_path and log_path.exists():
            for line in log_path.read_text().splitlines():
                self._apply(json.loads(line))

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
                count = int(fields.get("count", 1))
                self.failures += [
                    (int(fields.get("status", 500)), int(fields.get("code", 2)))
                ] * count
                return 200, {"success": True}
            if self.failures:
                status, code = self.failures.pop(0)
                return status, _error(f"Injected failure (#{code})", code)
            if not parts:
                return 404, _error("Unknown path", 803)
            return self._act(method, parts, fields, key)

    def _act(
        self, method: str, parts: list[str], fields: dict[str, str], key: str
    ) -> tuple[int, dict[str, Any]]:
        target = parts[0]
        if len(parts) == 1 and method == "DELETE":
            if target in self.deleted:
                return 400, _error("(#100) Object does not exist or has been deleted", 100)
            self.record({"effect": "delete", "target": target, "key": key})
            return 200, {"success": True}
        if len(parts) == 1 and method == "POST" and "is_hidden" in fields:
            kind = "hide" if fields["is_hidden"] == "true" else "unhide"
            self.record({"effect": kind, "target": target, "key": key})
            return 200, {"success": True}
        if parts[1:] == ["blocked"] and method in ("POST", "DELETE"):
            kind = "block" if method == "POST" else "unblock"
            self.record(
                {"effect": kind, "target": target, "user": fields.get("user", ""), "key": key}
            )
            return 200, {fields.get("user", ""): True}
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
        return 400, _error(f"Unsupported {method} request on {'/'.join(parts)}", 100)


def _error(message: str, code: int) -> dict[str, Any]:
    return {"error": {"message": message, "type": "GraphMethodException", "code": code}}


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
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_DELETE = _answer

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

    return ThreadingHTTPServer((host, port), Handler)

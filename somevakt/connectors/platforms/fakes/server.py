"""A small HTTP server base for the fake platforms: routes by method and path pattern,
records every effect, and can be told to throttle or fail the next requests."""

import json
import re
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

# Copied unchanged from the vendors' documentation and client libraries; see each README.
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def fixture(platform: str, name: str) -> Any:
    return json.loads((FIXTURES / platform / name).read_text(encoding="utf-8"))


@dataclass
class Request:
    method: str
    path: str
    params: dict[str, str]
    headers: dict[str, str]
    body: Any
    match: dict[str, str] = field(default_factory=dict)


@dataclass
class Answer:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    stream: Callable[[Callable[[bytes], None]], None] | None = None  # for SSE


Handler = Callable[[Request], Answer]


class FakeServer:
    """Subclasses register routes in `routes()`; `effects` lists what the client did."""

    token: str = ""  # the credential the fake accepts in Authorization

    def __init__(self, *, lenient: bool = False) -> None:
        # Lenient (the demo): an action on an object the fake does not hold is carried out
        # as if it did, since the demo's items were never on the fake.
        self.lenient = lenient
        self.lock = threading.RLock()
        self.effects: list[dict[str, Any]] = []
        self.requests: list[Request] = []
        self.injected: list[Answer] = []
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = []
        self.httpd: ThreadingHTTPServer | None = None
        self.routes()

    def routes(self) -> None:
        raise NotImplementedError

    def route(self, method: str, pattern: str, handler: Handler) -> None:
        regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", pattern)
        self._routes.append((method, re.compile(f"^{regex}$"), handler))

    def record(self, effect: str, **details: Any) -> None:
        with self.lock:
            self.effects.append({"effect": effect, **details})

    def inject(self, *answers: Answer) -> None:
        """The next requests get these answers (throttling, errors) before the real ones."""
        with self.lock:
            self.injected.extend(answers)

    def authorised(self, request: Request) -> bool:
        return not self.token or request.headers.get("authorization") == self.token

    def dispatch(self, request: Request) -> Answer:
        with self.lock:
            self.requests.append(request)
            if self.injected:
                return self.injected.pop(0)
        if not self.lenient and not self.authorised(request):
            return Answer(401, {"error": {"message": "Invalid credentials"}})
        for method, pattern, handler in self._routes:
            found = pattern.match(request.path)
            if method == request.method and found:
                request.match = found.groupdict()
                with self.lock:
                    answer = handler(request)
                    if self.lenient and self.not_held(answer):
                        answer = self.demo_answer(request) or answer
                    return answer
        return Answer(404, {"error": {"message": f"No route {request.method} {request.path}"}})

    def not_held(self, answer: Answer) -> bool:
        """Whether an answer says the object is unknown (the platform's way)."""
        return answer.status == 404

    def demo_answer(self, request: Request) -> Answer | None:
        """What the platform would answer had it held the object (lenient mode)."""
        return None

    # Serving

    @property
    def url(self) -> str:
        assert self.httpd is not None, "start() the fake first"
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self, port: int = 0) -> "FakeServer":
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), _handler_for(self))
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()

    def __enter__(self) -> "FakeServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _handler_for(fake: FakeServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            split = urllib.parse.urlsplit(self.path)
            content_type = self.headers.get("Content-Type", "")
            body: Any = None
            if raw and "json" in content_type:
                body = json.loads(raw)
            elif raw:
                body = dict(urllib.parse.parse_qsl(raw.decode()))
            request = Request(
                self.command,
                split.path,
                dict(urllib.parse.parse_qsl(split.query)),
                {k.lower(): v for k, v in self.headers.items()},
                body,
            )
            answer = fake.dispatch(request)
            if answer.stream is not None:
                self._stream(answer)
                return
            payload = b"" if answer.body is None else json.dumps(answer.body).encode()
            self.send_response(answer.status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)

        def _stream(self, answer: Answer) -> None:
            self.send_response(answer.status)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True

            def write(chunk: bytes) -> None:
                self.wfile.write(chunk)
                self.wfile.flush()

            assert answer.stream is not None
            try:
                answer.stream(write)
            except (BrokenPipeError, ConnectionResetError):
                pass

        do_GET = do_POST = do_PUT = do_DELETE = _serve

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

    return Handler


def pages(items: list[Any], size: int, token: str | None) -> tuple[list[Any], str | None]:
    """A page of `items` from an opaque token (the offset), and the next token."""
    start = int(token or 0)
    chunk = items[start : start + size]
    following = start + size
    return chunk, (str(following) if following < len(items) else None)


def iter_lines(text: str) -> Iterator[str]:
    yield from text.splitlines()

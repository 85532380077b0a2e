"""What the webhook benchmarks share: a fresh PostgreSQL database with one connected
Facebook page, gunicorn started as the Procfile does, and keep-alive clients that post
deliveries signed as Meta signs them (bench/webhook.py, bench/load.py, bench/faults.py).
"""

import http.client
import socket
import subprocess
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PAGE = "1234567890321"
SECRET = "bench-app-secret"  # noqa: S105
WEBHOOK_PATH = "/connections/webhook/facebook/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"nothing answers on port {port}")


def reset_database(url: str, *, template: str | None = None) -> None:
    """Drop and create the database `url` names (as a copy of `template` if given)."""
    import psycopg

    server, name = url.rsplit("/", 1)
    copy = f" TEMPLATE {template}" if template else ""
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name}{copy}")


def prepare(*, policy: bool = False) -> None:
    """Migrate, and register the page with its connected account (Django set up)."""
    from django.core.management import call_command

    from somevakt.connectors.models import ConnectedAccount
    from somevakt.organisation.models import Unit
    from somevakt.sources.models import Channel, ChannelType

    call_command("migrate", verbosity=0)
    if policy:
        from django.conf import settings

        from somevakt.policy.services import policy_load

        policy_load(path=settings.SOMEVAKT_DEFAULT_POLICY, actor=None)
    unit = Unit.objects.create(name="Informasjonsenheten")
    channel = Channel.objects.create(
        name="Testside", slug="testside", channel_type=ChannelType.MAIN_PAGE,
        platform="facebook", external_id=PAGE, unit=unit,
    )  # fmt: skip
    # Actions on the page (none are approved by the benchmarks) would never leave 127.0.0.1.
    ConnectedAccount.objects.create(
        channel=channel, platform="facebook", account_id=PAGE, app_secret=SECRET,
        api_base_url="http://127.0.0.1:9",
    )  # fmt: skip


def gunicorn(
    port: int, env: dict, *, workers: int = 2, threads: int = 4, log: Path | None = None
) -> subprocess.Popen:
    """gunicorn as in the Procfile, on 127.0.0.1:`port` (its errors to `log`)."""
    output = log.open("ab") if log else subprocess.DEVNULL
    return subprocess.Popen(  # noqa: S603 - our own gunicorn, as in the Procfile
        [GUNICORN, "somevakt.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--threads", str(threads)],
        cwd=ROOT, env=env, stdout=output, stderr=output,
    )  # fmt: skip


class Client:
    """One keep-alive connection that posts signed deliveries to the webhook."""

    def __init__(self, port: int):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def post(self, body: bytes) -> int:
        """The answer's status, or 0 if the connection broke (a web process died)."""
        from somevakt.connectors.fakeplatform import sign

        headers = {"Content-Type": "application/json", "X-Hub-Signature-256": sign(body, SECRET)}
        try:
            self.connection.request("POST", WEBHOOK_PATH, body=body, headers=headers)
            response = self.connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            self.reconnect()
            return 0
        if response.getheader("Connection", "").lower() == "close":
            self.reconnect()
        return response.status

    def reconnect(self) -> None:
        self.connection.close()
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)


def send_all(port: int, bodies: list[bytes], clients: int) -> tuple[float, list[float], dict]:
    """Post every body once, as fast as `clients` connections go: (seconds, latencies,
    answers by status)."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    next_index = iter(range(len(bodies)))

    def client() -> None:
        connection = Client(port)
        mine, codes = [], {}
        for index in next_index:  # shared iterator: each delivery is sent once
            started = time.perf_counter()
            status = connection.post(bodies[index])
            mine.append(time.perf_counter() - started)
            codes[status] = codes.get(status, 0) + 1
        with lock:
            latencies.extend(mine)
            for code, count in codes.items():
                statuses[code] = statuses.get(code, 0) + count

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, latencies, statuses

"""A crisis surge on the production layout: how many webhook events per second somevakt
accepts and screens with 1, 2 and 4 RQ workers, and that none is lost.

For each worker count: a fresh PostgreSQL database (a copy of a prepared template: one
connected Facebook page, the policy in force), a private Redis (its own port, no
persistence), gunicorn as in production (2 processes x 4 threads, the connection pool on),
N `rqworker` processes and the sweeper (`connectors ingest --follow --after 30`). The
simulator then posts signed deliveries (each one new comment under a few crisis posts)
from keep-alive clients on 127.0.0.1, retrying any that are not answered 200 as Meta does:
it ramps up by steps while the queue keeps up, then holds the highest rate that kept up
for LOAD_SECONDS (60), bounded by LOAD_MAX_EVENTS; then waits until everything is
ingested.

Prints per run: accepted events/s during the hold, the lag from receiving a delivery to
screening its item (p50/p99, from the database's timestamps), and the count check: events
accepted = deliveries stored = items stored = items screened (lost = 0, none twice).
Queue depth (Redis queue length + deliveries not yet ingested), sampled each second, is
plotted to var/load/queue-depth.png.

Usage: python bench/load.py [--workers 1,2,4] [--seconds 60] [--rate N (no ramp)]
       environment: LOAD_SECONDS, LOAD_RATE, LOAD_WORKERS, LOAD_MAX_EVENTS, LOAD_DATABASE_URL
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from harness import PAGE, PY, ROOT, Client, free_port, gunicorn, reset_database, wait_for

sys.path.insert(0, str(ROOT))
POSTGRES = os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/somevakt_load")
TEMPLATE = "somevakt_load_template"
SWEEP_AFTER = 30  # seconds before the sweeper takes a delivery whose task did not come
CLIENTS = 32
BATCH = 50  # deliveries a worker claims at once (webhook_deliveries_process)


# --- the installation under test ------------------------------------------------------


class Redis:
    """A private redis-server on its own port, without persistence (as a queue needs)."""

    def __init__(self, port: int):
        self.port = port
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port),
             "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(self.port, 10)

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait()

    def restart(self) -> None:
        self.stop()
        self.start()

    def queue_length(self) -> int | None:
        import redis

        try:
            return redis.Redis(port=self.port, socket_connect_timeout=0.5).llen("rq:queue:default")
        except redis.exceptions.RedisError:
            return None


class Stack:
    """gunicorn, N RQ workers and the sweeper on one database and a private Redis; dead
    processes are started again, as systemd's Restart=always does."""

    def __init__(self, database_url: str, workers: int, var: Path, **extra_env: str):
        self.redis = Redis(free_port())
        self.port = free_port()
        self.database_url = database_url
        self.workers = workers
        self.env = {
            **os.environ,
            "SOMEVAKT_FIELD_KEY": field_key(var),
            "SOMEVAKT_VAR_DIR": str(var),
            "DATABASE_URL": database_url,
            "DATABASE_POOL": "1",
            "TASKS_BACKEND": "django_tasks_rq.RQBackend",
            "REDIS_URL": self.redis.url,
            "LOG_LEVEL": "WARNING",
            **extra_env,
        }
        self.var = var
        self.processes: dict[str, subprocess.Popen] = {}
        self.restarts: dict[str, int] = {}
        self._watch = threading.Event()

    def command(self, name: str) -> list[str]:
        manage = [PY, str(ROOT / "manage.py")]
        if name.startswith("worker"):
            return [*manage, "rqworker", "default", "--with-scheduler", "--name",
                    f"{name}-{os.getpid()}-{time.monotonic_ns()}", "-v0"]  # fmt: skip
        if name == "sweeper":
            return [*manage, "connectors", "ingest", "--follow", "--interval", "1",
                    "--after", str(SWEEP_AFTER)]  # fmt: skip
        if name == "outbox":
            return [*manage, "moderation", "outbox", "--follow", "--interval", "5"]
        raise ValueError(name)

    def spawn(self, name: str) -> None:
        if name == "web":
            self.processes[name] = gunicorn(self.port, self.env, log=self.var / "web.log")
            return
        log = (self.var / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(  # noqa: S603
            self.command(name), cwd=ROOT, env=self.env, stdout=log, stderr=log
        )

    def start(self, *, extra: tuple[str, ...] = ()) -> None:
        self.redis.start()
        for name in ["web", *[f"worker{n}" for n in range(self.workers)], "sweeper", *extra]:
            self.spawn(name)
        wait_for(self.port)
        self.warm_up()
        threading.Thread(target=self._supervise, daemon=True).start()

    def warm_up(self, seconds: float = 60) -> None:
        """Until every worker has registered with Redis and both web processes answer."""
        import http.client

        import redis

        connection = redis.Redis(port=self.redis.port)
        deadline = time.monotonic() + seconds
        while connection.scard("rq:workers") < self.workers and time.monotonic() < deadline:
            time.sleep(0.2)
        for _ in range(20):  # the handshake with a wrong token: 403, and Django is loaded
            web = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            web.request("GET", "/connections/webhook/facebook/?hub.mode=subscribe")
            web.getresponse().read()
            web.close()

    def _supervise(self) -> None:
        while not self._watch.wait(1):
            for name, process in list(self.processes.items()):
                if process.poll() is not None:
                    self.restarts[name] = self.restarts.get(name, 0) + 1
                    self.spawn(name)

    def stop(self) -> None:
        self._watch.set()
        for process in self.processes.values():
            process.send_signal(signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        self.redis.stop()

    def children(self, name: str) -> list[int]:
        """The pids of a process's children (gunicorn's web workers)."""
        found = subprocess.run(  # noqa: S603
            ["pgrep", "-P", str(self.processes[name].pid)], capture_output=True, text=True
        )
        return [int(pid) for pid in found.stdout.split()]


def field_key(var: Path) -> str:
    key_file = var / "field_key"
    if not key_file.exists():
        from cryptography.fernet import Fernet

        key_file.write_text(Fernet.generate_key().decode())
    return key_file.read_text()


def prepare_template(var: Path) -> None:
    """The template database: migrated, the policy in force, the page connected (made
    by a child process, so this one holds no connection to it)."""
    server = POSTGRES.rsplit("/", 1)[0]
    reset_database(f"{server}/{TEMPLATE}")
    env = {**os.environ, "SOMEVAKT_VAR_DIR": str(var), "DATABASE_URL": f"{server}/{TEMPLATE}",
           "SOMEVAKT_FIELD_KEY": field_key(var), "LOG_LEVEL": "WARNING",
           "DJANGO_SETTINGS_MODULE": "somevakt.settings", "PYTHONPATH": str(ROOT)}  # fmt: skip
    code = "import django; django.setup(); import harness; harness.prepare(policy=True)"
    subprocess.run([PY, "-c", code], cwd=ROOT / "bench", env=env, check=True)  # noqa: S603


def fresh_database() -> str:
    reset_database(POSTGRES, template=TEMPLATE)
    return POSTGRES


# --- the surge ------------------------------------------------------------------------


@dataclass
class Surge:
    rate: float = 20.0  # deliveries per second asked of the clients now
    accepted: dict[str, float] = field(default_factory=dict)  # comment id → answered at
    failed_answers: int = 0  # answers that were not 200 (then sent again)
    sent: int = 0
    samples: list[tuple[float, int | None, int | None]] = field(default_factory=list)
    hold_rate: float = 0.0
    hold_started: float = 0.0
    hold_ended: float = 0.0
    events: list[tuple[float, str]] = field(default_factory=list)  # (time, what happened)


class Pacer:
    """Hands out send times at the current rate; clients wait for their slot."""

    def __init__(self, surge: Surge):
        self.surge = surge
        self.lock = threading.Lock()
        self.next_at = time.monotonic()
        self.stopped = False

    def slot(self) -> bool:
        with self.lock:
            if self.stopped:
                return False
            at = max(self.next_at, time.monotonic() - 0.5)  # no catching up in bursts
            self.next_at = at + 1 / self.surge.rate
        time.sleep(max(0.0, at - time.monotonic()))
        return not self.stopped


def unprocessed(database_url: str) -> int | None:
    import psycopg

    try:
        with psycopg.connect(database_url, connect_timeout=2) as connection:
            row = connection.execute(
                "SELECT count(*) FROM connectors_webhookdelivery "
                "WHERE state IN ('pending', 'running')"
            ).fetchone()
            return row[0] if row else 0
    except psycopg.Error:
        return None


def run_surge(
    stack: Stack,
    *,
    hold_seconds: float,
    rate: float | None,
    max_events: int,
    start_rate: float = 20.0,
    ramp_seconds: float = 45.0,
    step_seconds: float = 4.0,
    during_hold: list[tuple[float, str, object]] = (),
) -> Surge:
    """Ramp (unless `rate` is given), hold, stop; `during_hold` are (seconds into the
    hold, name, callable) faults. Returns what was accepted and the depth samples."""
    from somevakt.connectors.replay import surge as surge_bodies

    deliveries = surge_bodies(PAGE, max_events)
    surge = Surge(rate=rate or start_rate)
    pacer = Pacer(surge)
    index = iter(range(len(deliveries)))
    lock = threading.Lock()
    t0 = time.monotonic()

    def client() -> None:
        connection = Client(stack.port)
        while pacer.slot():
            with lock:
                n = next(index, None)
                surge.sent += n is not None
            if n is None:
                pacer.stopped = True
                return
            comment_id, body = deliveries[n]
            for _attempt in range(20):  # as Meta does: again until it is accepted
                status = connection.post(body)
                if status == 200:
                    surge.accepted[comment_id] = time.monotonic() - t0
                    break
                with lock:
                    surge.failed_answers += 1
                time.sleep(0.5)

    def sampler() -> None:
        while not sampler_done.is_set():
            surge.samples.append(
                (time.monotonic() - t0, stack.redis.queue_length(), unprocessed(stack.database_url))
            )
            sampler_done.wait(1)

    sampler_done = threading.Event()
    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    threading.Thread(target=sampler, daemon=True).start()
    for thread in threads:
        thread.start()

    if rate is None:  # ramp while the queue keeps up
        best = start_rate
        while time.monotonic() - t0 < ramp_seconds and not pacer.stopped:
            before_accepted = len(surge.accepted)
            time.sleep(step_seconds)
            waiting = depth(stack)
            accepted = len(surge.accepted) - before_accepted
            # Kept up: the web accepted the rate, and what waits is at most the batches in
            # the workers' hands or two seconds' worth (the lag stays about that).
            kept_up = accepted >= 0.9 * surge.rate * step_seconds and waiting <= max(
                BATCH * stack.workers, 2 * surge.rate
            )
            surge.events.append((time.monotonic() - t0, f"step {surge.rate:.0f}/s kept up: "
                                 f"{kept_up} ({waiting} waiting)"))  # fmt: skip
            if not kept_up:
                break
            best = surge.rate
            surge.rate *= 1.3
        surge.rate = best
    surge.hold_rate = surge.rate
    surge.hold_started = time.monotonic() - t0
    accepted_at_hold = len(surge.accepted)
    faults = sorted(during_hold, key=lambda fault: fault[0])
    while time.monotonic() - t0 - surge.hold_started < hold_seconds and not pacer.stopped:
        if faults and time.monotonic() - t0 - surge.hold_started >= faults[0][0]:
            _at, name, action = faults.pop(0)
            surge.events.append((time.monotonic() - t0, name))
            action()
        time.sleep(0.1)
    surge.hold_ended = time.monotonic() - t0
    hold_accepted = len(surge.accepted) - accepted_at_hold
    pacer.stopped = True
    for thread in threads:
        thread.join()
    surge.hold_rate = hold_accepted / (surge.hold_ended - surge.hold_started)
    surge.sampler_done = sampler_done  # type: ignore[attr-defined]
    surge.t0 = t0  # type: ignore[attr-defined]
    return surge


def depth(stack: Stack) -> int:
    return (stack.redis.queue_length() or 0) + (unprocessed(stack.database_url) or 0)


def drain(stack: Stack, surge: Surge, timeout: float = 600) -> float | None:
    """Seconds from the last send until nothing waits (None if it never got there)."""
    started = time.monotonic()
    quiet = 0
    while time.monotonic() - started < timeout:
        waiting = unprocessed(stack.database_url)
        if waiting == 0 and stack.redis.queue_length() in (0, None):
            quiet += 1
            if quiet >= 2:
                surge.sampler_done.set()  # type: ignore[attr-defined]
                return time.monotonic() - started
        else:
            quiet = 0
        time.sleep(1)
    surge.sampler_done.set()  # type: ignore[attr-defined]
    return None


@dataclass
class Counts:
    accepted: int
    deliveries: int
    processed: int
    failed: int
    items: int
    screened: int
    screened_twice: int
    lost: int
    lag_p50: float
    lag_p99: float


def count_check(database_url: str, surge: Surge) -> Counts:
    import psycopg

    with psycopg.connect(database_url) as connection:

        def one(sql: str) -> int:
            row = connection.execute(sql).fetchone()
            return int(row[0]) if row else 0

        # Only the page's items: the deliveries' (a fault run adds items of its own).
        page_items = (
            "SELECT i.* FROM inbox_item i JOIN sources_channel c ON c.id = i.channel_id "
            f"WHERE c.external_id = '{PAGE}'"
        )
        screened_ids = {
            row[0]
            for row in connection.execute(
                f"SELECT DISTINCT i.external_id FROM ({page_items}) i "
                "JOIN triage_itemscreening s ON s.item_id = i.id"
            )
        }
        lags = connection.execute(
            "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY lag), "
            "percentile_cont(0.99) WITHIN GROUP (ORDER BY lag) FROM ("
            " SELECT extract(epoch FROM min(s.screened_at) - d.received_at) AS lag"
            " FROM connectors_webhookdelivery d"
            " JOIN connectors_rawevent r ON r.delivery_id = d.id"
            " JOIN inbox_item i ON i.platform = r.platform AND i.external_id = r.external_id"
            " JOIN triage_itemscreening s ON s.item_id = i.id"
            " GROUP BY d.id, d.received_at) lags"
        ).fetchone()
        return Counts(
            accepted=len(surge.accepted),
            deliveries=one("SELECT count(*) FROM connectors_webhookdelivery"),
            processed=one(
                "SELECT count(*) FROM connectors_webhookdelivery WHERE state = 'processed'"
            ),
            failed=one("SELECT count(*) FROM connectors_webhookdelivery WHERE state = 'failed'"),
            items=one(f"SELECT count(*) FROM ({page_items}) i"),
            screened=len(screened_ids),
            screened_twice=one(
                f"SELECT count(*) FROM (SELECT s.item_id FROM ({page_items}) i "
                "JOIN triage_itemscreening s ON s.item_id = i.id "
                "GROUP BY s.item_id HAVING count(*) > 1) twice"
            ),
            lost=len(set(surge.accepted) - screened_ids),
            lag_p50=float(lags[0] or 0) if lags else 0.0,
            lag_p99=float(lags[1] or 0) if lags else 0.0,
        )


def counts_line(counts: Counts) -> str:
    ok = (
        counts.accepted <= counts.deliveries == counts.processed == counts.items == counts.screened
        and counts.lost == 0
        and counts.screened_twice == 0
        and counts.failed == 0
    )
    return (
        f"accepted {counts.accepted}, deliveries stored {counts.deliveries} (ingested "
        f"{counts.processed}, failed {counts.failed}), items {counts.items}, screened "
        f"{counts.screened} (twice: {counts.screened_twice}), lost {counts.lost}: "
        + ("ok" if ok else "MISMATCH")
    )


def plot(runs: dict[str, Surge], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (queue_axis, waiting_axis) = plt.subplots(2, 1, figsize=(10, 7), sharex=True)
    for label, surge in runs.items():
        times = [t for t, _q, _w in surge.samples]
        nan = float("nan")
        queue = [q if q is not None else nan for _t, q, _w in surge.samples]
        waiting = [w if w is not None else nan for _t, _q, w in surge.samples]
        queue_axis.plot(times, queue, label=label)
        waiting_axis.plot(times, waiting, label=label)
        for axis in (queue_axis, waiting_axis):
            axis.axvspan(surge.hold_started, surge.hold_ended, alpha=0.04)
    queue_axis.set_ylabel("Redis queue length (tasks)")
    waiting_axis.set_ylabel("deliveries not yet ingested")
    waiting_axis.set_xlabel("seconds since the surge began (shaded: the hold)")
    queue_axis.set_title(title)
    queue_axis.legend()
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=100)
    plt.close(figure)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", default=os.environ.get("LOAD_WORKERS", "1,2,4"))
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("LOAD_SECONDS", 60)))
    rate = os.environ.get("LOAD_RATE")
    parser.add_argument("--rate", type=float, default=float(rate) if rate else None)
    parser.add_argument(
        "--max-events", type=int, default=int(os.environ.get("LOAD_MAX_EVENTS", 60_000))
    )
    parser.add_argument("--plot", default=str(ROOT / "var" / "load" / "queue-depth.png"))
    args = parser.parse_args()
    if not shutil.which("redis-server"):
        raise SystemExit("redis-server is needed (apt-get install redis-server)")
    var = Path(tempfile.mkdtemp(prefix="somevakt-load-"))
    print(f"preparing the template database {TEMPLATE} ...", flush=True)
    prepare_template(var)
    runs: dict[str, Surge] = {}
    table = []
    for workers in [int(n) for n in args.workers.split(",")]:
        database_url = fresh_database()
        stack = Stack(database_url, workers, var)
        stack.start()
        try:
            surge = run_surge(stack, hold_seconds=args.seconds, rate=args.rate,
                              max_events=args.max_events)  # fmt: skip
            drained = drain(stack, surge)
        finally:
            stack.stop()
        counts = count_check(database_url, surge)
        runs[f"{workers} worker{'s' * (workers > 1)}"] = surge
        for at, what in surge.events:
            print(f"  {at:6.1f} s  {what}")
        print(f"{workers} workers: held {surge.hold_rate:.0f} events/s for "
              f"{surge.hold_ended - surge.hold_started:.0f} s; drained "
              f"{drained if drained is None else round(drained, 1)} s after the last send; "
              f"lag p50 {counts.lag_p50:.2f} s, p99 {counts.lag_p99:.2f} s",
              flush=True)  # fmt: skip
        print(f"  answers other than 200 (each sent again): {surge.failed_answers}")
        print("  " + counts_line(counts), flush=True)
        table.append((workers, surge.hold_rate, counts, stack.restarts))
    plot(runs, Path(args.plot), "Queue depth during the surge, per number of RQ workers")
    print()
    print("| workers | accepted events/s (hold) | lag p50 | lag p99 | lost | screened twice |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for workers, rate_held, counts, _restarts in table:
        print(f"| {workers} | {rate_held:.0f} | {counts.lag_p50:.2f} s | {counts.lag_p99:.2f} s "
              f"| {counts.lost} | {counts.screened_twice} |")  # fmt: skip
    print(f"\nqueue depth plot: {args.plot}")
    bad = [c for _w, _r, c, _x in table if c.lost or c.screened_twice or c.failed]
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()

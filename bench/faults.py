"""Faults during a crisis surge: after each, every accepted webhook delivery is ingested
and screened exactly once, and every approved deletion is carried out exactly once.

Reuses the load harness (bench/load.py): a fresh PostgreSQL database from its template, a
private Redis on its own port, gunicorn, 2 RQ workers and the sweepers, with dead
processes started again as systemd would. Each fault gets a surge at a fixed rate
(FAULTS_RATE, 25/s: below what 2 workers keep up with) held for FAULTS_SECONDS (30); the
fault strikes 10 s into it:

  worker kill -9      one RQ worker killed with SIGKILL (its claimed batch waits for its
                      lease to run out: SOMEVAKT_WEBHOOK_LEASE_SECONDS, 30)
  web kill -9         one gunicorn web process killed with SIGKILL (gunicorn starts another;
                      the requests it held are answered with errors and sent again)
  PostgreSQL restart  the machine's cluster is restarted with pg_ctlcluster: this briefly
                      disturbs everyone else using that PostgreSQL
  Redis restart       the private redis-server restarted; the queued tasks are gone with it
  platform 500        200 deletions approved while the fake platform answers 500 to every
                      call for 60 s (the surge is held 70 s); the moderation outbox retries

Prints the fault table: fault, seconds from the last send until nothing waited
(recovered), lost deliveries, and for the platform fault the deletions carried out.

Usage: python bench/faults.py [--only NAME ...]
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import load
from harness import PY, ROOT, free_port, wait_for

RATE = float(os.environ.get("FAULTS_RATE", 25))
SECONDS = float(os.environ.get("FAULTS_SECONDS", 30))
DELETIONS = 200


def postgres_restart() -> None:
    print("  restarting the PostgreSQL cluster (others using it see a short outage)", flush=True)
    (version,) = os.listdir("/etc/postgresql")
    subprocess.run(  # noqa: S603
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True
    )


def platform_log(port: int) -> list[dict]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_log", timeout=5) as answer:  # noqa: S310
        return json.loads(answer.read())["effects"]


def platform_fail(port: int, seconds: float) -> None:
    request = urllib.request.Request(  # noqa: S310
        f"http://127.0.0.1:{port}/_fail",
        data=json.dumps({"seconds": seconds, "status": 500, "code": 2}).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    urllib.request.urlopen(request, timeout=5).read()  # noqa: S310


def approve_deletions(stack: load.Stack, count: int) -> subprocess.Popen:
    """`count` insults proposed for deletion and approved (bench/outbox_kill.py), in a
    child process on the stack's database; their platform calls go to the outbox."""
    code = f"import outbox_kill; outbox_kill.prepare({count})"
    env = {**stack.env, "DJANGO_SETTINGS_MODULE": "somevakt.settings", "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([PY, "-c", code], cwd=ROOT / "bench", env=env)  # noqa: S603


def executed(database_url: str) -> int:
    import psycopg

    try:
        with psycopg.connect(database_url, connect_timeout=2) as connection:
            row = connection.execute(
                "SELECT count(*) FROM moderation_moderationcase m JOIN inbox_item i "
                "ON i.id = m.item_id JOIN sources_channel c ON c.id = i.channel_id "
                "WHERE m.state = 'executed' AND c.external_id = '100200300'"
            ).fetchone()
            return row[0] if row else 0
    except psycopg.Error:
        return -1


def run_fault(name: str, var: Path) -> dict:
    platform_port = free_port()
    stack = load.Stack(
        load.fresh_database(),
        2,
        var,
        SOMEVAKT_PLATFORM_API_URL=f"http://127.0.0.1:{platform_port}/v21.0",
    )
    extra: tuple[str, ...] = ()
    hold = SECONDS
    platform = None
    if name == "platform 500":
        extra, hold = ("outbox",), 70.0
        platform = subprocess.Popen(  # noqa: S603
            [PY, str(ROOT / "manage.py"), "fakeplatform", "--port", str(platform_port),
             "--log", str(var / f"effects-{time.monotonic_ns()}.jsonl")],
            cwd=ROOT, env=stack.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(platform_port)
    stack.start(extra=extra)
    approving: list[subprocess.Popen] = []
    actions = {
        "worker kill -9": lambda: os.kill(stack.processes["worker0"].pid, signal.SIGKILL),
        "web kill -9": lambda: os.kill(stack.children("web")[0], signal.SIGKILL),
        "PostgreSQL restart": postgres_restart,
        "Redis restart": stack.redis.restart,
        "platform 500": lambda: (
            platform_fail(platform_port, 60),
            approving.append(approve_deletions(stack, DELETIONS)),
        ),
    }
    try:
        surge = load.run_surge(
            stack,
            hold_seconds=hold,
            rate=RATE,
            max_events=int(RATE * (hold + 10)),
            during_hold=[(10.0, name, actions[name])],
        )
        last_send = time.monotonic()
        recovered = load.drain(stack, surge)
        actions_done = None
        if platform is not None:
            approving[0].wait()
            while executed(stack.database_url) < DELETIONS and time.monotonic() - last_send < 900:
                time.sleep(1)
            recovered = time.monotonic() - last_send
            deletes = [e["target"] for e in platform_log(platform_port) if e["effect"] == "delete"]
            actions_done = (len(deletes), len(set(deletes)), executed(stack.database_url))
    finally:
        stack.stop()
        if platform is not None:
            platform.terminate()
            platform.wait()
    counts = load.count_check(stack.database_url, surge)
    print(f"  {load.counts_line(counts)}")
    print(f"  answers other than 200 (each sent again): {surge.failed_answers}; processes "
          f"started again: {stack.restarts or 'none'}", flush=True)  # fmt: skip
    if actions_done:
        calls, distinct, cases = actions_done
        print(f"  deletions on the platform: {calls} (distinct {distinct}), cases deleted: "
              f"{cases} of {DELETIONS}", flush=True)  # fmt: skip
    return {"name": name, "recovered": recovered, "counts": counts, "actions": actions_done}


def main() -> None:
    names = ["worker kill -9", "web kill -9", "PostgreSQL restart", "Redis restart",
             "platform 500"]  # fmt: skip
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", nargs="*", choices=names, default=names)
    args = parser.parse_args()
    var = Path(tempfile.mkdtemp(prefix="somevakt-faults-"))
    load.POSTGRES = load.POSTGRES.rsplit("/", 1)[0] + "/somevakt_load_faults"
    load.TEMPLATE = "somevakt_load_faults_template"
    print("preparing the template database ...", flush=True)
    load.prepare_template(var)
    results = []
    for name in args.only:
        print(f"{name}: surge at {RATE:.0f}/s, the fault 10 s into it", flush=True)
        results.append(run_fault(name, var))
    print()
    print("| fault | recovered (s from the last send until nothing waits) | lost | "
          "screened twice | approved deletions carried out |")  # fmt: skip
    print("| --- | ---: | ---: | ---: | --- |")
    bad = False
    for result in results:
        counts, done = result["counts"], result["actions"]
        recovered = "never" if result["recovered"] is None else f"{result['recovered']:.0f}"
        deletions = "" if done is None else f"{done[0]} calls, {done[1]} distinct, {done[2]} cases"
        print(f"| {result['name']} | {recovered} | {counts.lost} | {counts.screened_twice} "
              f"| {deletions} |")  # fmt: skip
        bad |= bool(counts.lost or counts.screened_twice or result["recovered"] is None)
        bad |= done is not None and not (done[0] == done[1] == done[2] == DELETIONS)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()

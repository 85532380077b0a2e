"""Exactly once under a crash: 1,000 approved deletions, the worker killed with SIGKILL
midway and started again. Prints how many deletions the fake platform carried out (each
item once), the deletion records, and the cases marked deleted.

Runs against PostgreSQL when DATABASE_URL is set (a database named in it is dropped and
created), else against a fresh SQLite file in a temporary directory.
Usage: python bench/outbox_kill.py [--count 1000] [--kill-after 300]
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

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def manage(*args: str, env: dict, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([PY, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, **kwargs)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def effects(port: int) -> list[dict]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_log", timeout=5) as answer:
        return json.loads(answer.read())["effects"]


def prepare(count: int) -> None:
    """1,000 insults on one page, each proposed by an admin and approved by another person."""
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.conf import settings

    from somevakt.inbox.events import ItemEvent
    from somevakt.inbox.services import items_ingest
    from somevakt.moderation.models import ModerationCase
    from somevakt.moderation.services import case_approve, case_propose_deletion
    from somevakt.organisation.models import Role, Unit
    from somevakt.organisation.services import staff_user_create
    from somevakt.policy.services import policy_load
    from somevakt.sources.models import ChannelType, Platform
    from somevakt.sources.services import channel_register

    policy_load(path=settings.SOMEVAKT_DEFAULT_POLICY, actor=None)
    unit, _ = Unit.objects.get_or_create(name="Informasjonsenheten")
    channel_register(
        actor=None,
        name="Rakkestad kommune",
        slug="rakkestad",
        channel_type=ChannelType.MAIN_PAGE,
        platform=Platform.FACEBOOK,
        external_id="100200300",
        unit=unit,
    )
    admin = staff_user_create(actor=None, username="arne", full_name="Arne A", roles=[Role.ADMIN])
    approver = staff_user_create(
        actor=None, username="ingrid", full_name="Ingrid I", roles=[Role.INFORMASJONSANSVARLIG]
    )
    events = [
        ItemEvent.model_validate(
            {
                "platform": "facebook",
                "channel": "100200300",
                "external_id": f"100200300_{n}",
                "kind": "post",
                "author": {"id": f"user{n}", "name": f"Person {n}"},
                "text": f"Du er en idiot, ordfører ({n}).",
                "published_at": "2026-11-23T10:00:00Z",
                "occurred_at": "2026-11-23T10:00:00Z",
            }
        )
        for n in range(count)
    ]
    items_ingest(events=events)
    # Only this page's cases (a fault run has other pages with cases of their own).
    for case in ModerationCase.objects.filter(item__channel__external_id="100200300"):
        case_propose_deletion(actor=admin, case=case, rules=["D5"])
        case_approve(actor=approver, case=case)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--kill-after", type=int, default=300, help="deletions before SIGKILL")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="somevakt-outbox-"))
    port = free_port()
    env = {
        **os.environ,
        "SOMEVAKT_VAR_DIR": str(tmp),
        "SOMEVAKT_PLATFORM_API_URL": f"http://127.0.0.1:{port}/v21.0",
        "SOMEVAKT_OUTBOX_LEASE_SECONDS": "5",
        "DJANGO_SETTINGS_MODULE": "somevakt.settings",
    }
    if "DATABASE_URL" in env:
        name = env["DATABASE_URL"].rsplit("/", 1)[1]
        subprocess.run(
            ["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", name], check=True
        )
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    os.environ.update(env)
    subprocess.run([PY, str(ROOT / "manage.py"), "migrate", "-v0"], env=env, check=True)
    started = time.monotonic()
    prepare(args.count)
    print(f"{args.count} deletions approved in {time.monotonic() - started:.1f} s")

    platform = manage("fakeplatform", "--port", str(port), "--log", str(tmp / "effects.jsonl"),
                      env=env, stdout=subprocess.DEVNULL)  # fmt: skip
    time.sleep(1.5)
    worker = manage("db_worker", "--interval", "0.1", env=env, stderr=subprocess.DEVNULL)
    started = time.monotonic()
    while sum(e["effect"] == "delete" for e in effects(port)) < args.kill_after:
        time.sleep(0.05)
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    done = sum(e["effect"] == "delete" for e in effects(port))
    print(f"worker killed (SIGKILL) after {done} deletions, {time.monotonic() - started:.1f} s")

    worker = manage("db_worker", "--interval", "0.1", env=env, stderr=subprocess.DEVNULL)
    sweeper = manage("moderation", "outbox", "--follow", "--interval", "1", env=env,
                     stdout=subprocess.DEVNULL)  # fmt: skip
    from somevakt.moderation.models import CaseState, DeletionRecord, ModerationCase

    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if ModerationCase.objects.filter(state=CaseState.EXECUTED).count() == args.count:
            break
        time.sleep(0.5)
    elapsed = time.monotonic() - started
    for process in (worker, sweeper, platform):
        process.terminate()
        process.wait()
    log = effects_from_file(tmp / "effects.jsonl")
    deletes = [e["target"] for e in log if e["effect"] == "delete"]
    replies = [e["target"] for e in log if e["effect"] == "private_replies"]
    records = DeletionRecord.objects.count()
    executed_records = DeletionRecord.objects.filter(executed_at__isnull=False).count()
    cases = ModerationCase.objects.filter(state=CaseState.EXECUTED).count()
    print(f"all done {elapsed:.1f} s after the worker started")
    print(f"deletions on the platform: {len(deletes)} (distinct items {len(set(deletes))})")
    print(f"feedback messages sent: {len(replies)} (distinct items {len(set(replies))})")
    print(f"deletion records: {records}, with the deletion time: {executed_records}")
    print(f"cases marked deleted: {cases} of {args.count}")
    ok = len(deletes) == len(set(deletes)) == records == executed_records == cases == args.count
    print("exactly once: " + ("yes" if ok else "NO"))
    sys.exit(0 if ok else 1)


def fresh_database(url: str) -> None:
    import psycopg

    server, _, name = url.rpartition("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def effects_from_file(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


if __name__ == "__main__":
    main()

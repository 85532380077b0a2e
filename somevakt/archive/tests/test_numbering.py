"""Journal numbers never repeat, also when several worker processes journal at the same
time: four processes on one SQLite file, configured as in production (WAL, IMMEDIATE)."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

TAKE = """
from django.db import transaction
from somevakt.archive.services import next_number
for _ in range(15):
    with transaction.atomic():
        print(next_number("journalpost", 2026), flush=True)
"""


def _manage(var_dir: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "SOMEVAKT_VAR_DIR": str(var_dir)}
    env.pop("DATABASE_URL", None)
    return subprocess.Popen(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, str(settings.BASE_DIR / "manage.py"), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_concurrent_processes_never_get_the_same_number(tmp_path):
    migrate = _manage(tmp_path, "migrate", "--no-input", "-v0")
    assert migrate.wait(timeout=300) == 0, migrate.stderr.read() if migrate.stderr else ""
    workers = [_manage(tmp_path, "shell", "-c", TAKE) for _ in range(4)]
    taken: list[int] = []
    for worker in workers:
        out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err
        taken += [int(line) for line in out.splitlines() if line.strip().isdigit()]
    assert sorted(taken) == list(range(1, 61))

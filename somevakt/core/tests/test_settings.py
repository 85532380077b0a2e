import os
import subprocess
import sys

from django.conf import settings

# Set for the test run (the browser tests set the second), never in a deployment.
_TEST_ONLY = {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={key: value for key, value in os.environ.items() if key not in _TEST_ONLY} | env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_mode_passes_the_deployment_checks(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SOMEVAKT_MODE="production",
        SECRET_KEY="a-long-random-production-secret-" + "x7Qk2" * 10,
        SOMEVAKT_FIELD_KEY="kPqQq0mXy5h0T9nS0Yk3gQeVtGm8mA1xJc2rL5uW7zE=",
        ALLOWED_HOSTS="somevakt.rakkestad.kommune.no",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_mode_refuses_to_start_without_a_secret_key(tmp_path):
    result = _manage("check", SOMEVAKT_MODE="production", ALLOWED_HOSTS="example.org")

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr

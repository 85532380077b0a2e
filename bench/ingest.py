"""Items per second through the ingestion service, into SQLite and into PostgreSQL.

Each run gets a fresh database, the demo channels, and 100,000 demo events generated
before the clock starts; the clock covers `items_ingest` alone. Prints the median of
three runs per database. Usage: python bench/ingest.py [--count N] [--runs N]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
BENCH_DB = "somevakt_bench"


def one_run(count: int) -> None:
    """Runs inside a child process whose DATABASE_URL names an empty database."""
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "somevakt.settings")
    django.setup()
    from django.core.management import call_command

    from somevakt.demo.setup import demo_setup
    from somevakt.demo.simulator import demo_events
    from somevakt.inbox.services import items_ingest

    call_command("migrate", verbosity=0)
    demo_setup(traffic=False)
    events = list(demo_events(count=count, seed=1))
    started = time.perf_counter()
    summary = items_ingest(events=events)
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "seconds": seconds,
                "events": summary.events,
                "items": summary.items_created,
                "versions": summary.versions_added,
            }
        )
    )


def _reset_postgres() -> str:
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {BENCH_DB}")
    return f"{POSTGRES_SERVER}/{BENCH_DB}"


def _child(database_url: str, count: int, var_dir: str) -> dict:
    env = dict(os.environ, DATABASE_URL=database_url, SOMEVAKT_VAR_DIR=var_dir)
    output = subprocess.run(
        [sys.executable, __file__, "--child", "--count", str(count)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    if args.child:
        one_run(args.count)
        return
    print(f"ingesting {args.count:,} demo events, {args.runs} runs per database")
    for name in ("sqlite", "postgresql"):
        rates, stored = [], []
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as var_dir:
                url = (
                    f"sqlite:///{var_dir}/bench.sqlite3" if name == "sqlite" else _reset_postgres()
                )
                result = _child(url, args.count, var_dir)
            rates.append(result["events"] / result["seconds"])
            stored.append(result["items"] / result["seconds"])
            print(
                f"  {name}: {result['events']:,} events -> {result['items']:,} items, "
                f"{result['versions']:,} versions in {result['seconds']:.1f} s"
            )
        print(
            f"{name}: median {statistics.median(rates):,.0f} events/s "
            f"(min {min(rates):,.0f}, max {max(rates):,.0f}); "
            f"{statistics.median(stored):,.0f} new items/s"
        )


if __name__ == "__main__":
    main()

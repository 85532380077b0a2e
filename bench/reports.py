"""The reports overview with one million items: median and p95 render time, the number
of queries, and the query plan of the heaviest one.

The database is a SQLite file of its own (var/bench-reports.sqlite3, or --db), built once
with bulk inserts (two years of items on 20 channels, answer clocks, screenings, cases,
bans, platform insights) and reused while it is there. The overview is rendered through
the Django test client as the informasjonsansvarlig.
Usage: python bench/reports.py [--items N] [--runs N] [--db FILE]
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 300


def setup_django(db: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "somevakt.settings")
    import django

    django.setup()


def build(count: int) -> None:
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from somevakt.deadlines.models import QuestionClock
    from somevakt.inbox.models import Author, Item, ItemKind, ItemVersion, Thread
    from somevakt.moderation.models import Ban, BanState, CaseOrigin, CaseState, ModerationCase
    from somevakt.organisation.models import Role, Unit
    from somevakt.organisation.services import staff_user_create
    from somevakt.policy.services import policy_load
    from somevakt.reports.models import ChannelInsight
    from somevakt.sources.models import Channel, ChannelType, Platform
    from somevakt.triage.models import Finding, ItemScreening

    call_command("migrate", verbosity=0)
    from django.conf import settings

    policy_load(path=settings.SOMEVAKT_DEFAULT_POLICY, actor=None)
    rng = random.Random(9)
    end = timezone.now()
    start = end - datetime.timedelta(days=730)
    span = (end - start).total_seconds()
    with transaction.atomic():
        if not User.objects.filter(username="ingrid").exists():
            staff_user_create(actor=None, username="ingrid", full_name="Ingrid Haugen",
                              email="", password="bench-pw-1",
                              roles=[Role.INFORMASJONSANSVARLIG])  # fmt: skip
        unit = Unit.objects.create(name="Bench")
        channels = [
            Channel.objects.create(name=f"Kanal {n}", slug=f"kanal-{n}",
                                   channel_type=ChannelType.MAIN_PAGE if n == 0
                                   else ChannelType.LOCAL_PAGE,
                                   platform=Platform.FACEBOOK, external_id=f"page{n}", unit=unit)
            for n in range(20)
        ]  # fmt: skip
        authors = Author.objects.bulk_create(
            Author(platform="facebook", platform_author_id=f"a{n}", display_name=f"A {n}")
            for n in range(50_000)
        )
        threads = Thread.objects.bulk_create(
            Thread(platform="facebook", external_id=f"t{n}", channel=channels[n % 20],
                   started_at=start, last_activity_at=end)
            for n in range(100_000)
        )  # fmt: skip
    kinds = [ItemKind.POST] + [ItemKind.COMMENT] * 6 + [ItemKind.REPLY] * 3
    batch = 20_000
    for offset in range(0, count, batch):
        with transaction.atomic():
            items = []
            for n in range(offset, min(count, offset + batch)):
                thread = threads[rng.randrange(len(threads))]
                at = start + datetime.timedelta(seconds=span * n / count)
                items.append(Item(platform="facebook", external_id=f"i{n}",
                                  channel_id=thread.channel_id, thread=thread,
                                  kind=kinds[n % 10], author=authors[rng.randrange(50_000)],
                                  text="Når blir Storgata brøytet?", published_at=at,
                                  content_at=at))  # fmt: skip
            created = Item.objects.bulk_create(items)
            clocks, screened = [], []
            for item in created:
                if rng.random() < 0.05:
                    answered = rng.random() < 0.9
                    minutes = rng.uniform(5, 600)
                    week = item.published_at.date()
                    clocks.append(QuestionClock(
                        item=item, channel_id=item.channel_id, thread_id=item.thread_id,
                        author_id=item.author_id, asked_at=item.published_at,
                        week=week - datetime.timedelta(days=week.weekday()),
                        due_at=item.published_at + datetime.timedelta(hours=6), rule="O5",
                        answered_at=item.published_at + datetime.timedelta(minutes=minutes)
                        if answered else None,
                        working_minutes_to_answer=minutes if answered else None,
                        answered_in_time=(minutes < 360) if answered else None))  # fmt: skip
                if rng.random() < 0.02:
                    screened.append(item)
            QuestionClock.objects.bulk_create(clocks)
            versions = ItemVersion.objects.bulk_create(
                ItemVersion(item=item, text=item.text, platform_time=item.published_at,
                            content_sha256=f"{item.pk:064d}")
                for item in screened
            )  # fmt: skip
            screenings = ItemScreening.objects.bulk_create(
                ItemScreening(item=v.item, version=v, language="nb", needs_moderation=True,
                              severity=2, rules=["D4"])
                for v in versions
            )  # fmt: skip
            Finding.objects.bulk_create(
                Finding(screening=s, rule=rng.choice(["D1", "D3", "D4", "D6"]), start=0, end=4,
                        words="idiot", severity=2, confidence=0.9, reason="bench")
                for s in screenings
            )  # fmt: skip
            ModerationCase.objects.bulk_create(
                ModerationCase(item=s.item, origin=CaseOrigin.SCREENING, severity=2,
                               rules=[rng.choice(["D1", "D4"])], opened_at=s.item.published_at,
                               state=rng.choice([CaseState.OPEN, CaseState.HIDDEN,
                                                 CaseState.EXECUTED]))
                for s in screenings
            )  # fmt: skip
        print(f"  {offset + len(items):,} items", flush=True)
    with transaction.atomic():
        Ban.objects.bulk_create(
            Ban(author=authors[n], state=BanState.EXECUTED, rules=["D3"],
                proposed_at=start + datetime.timedelta(days=n),
                decided_at=start + datetime.timedelta(days=n, hours=2))
            for n in range(300)
        )  # fmt: skip
        ChannelInsight.objects.bulk_create(
            ChannelInsight(channel=channel, date=(start + datetime.timedelta(days=d)).date(),
                           followers=1000 + d, reach=100 + d % 50, impressions=200,
                           source="bench")
            for channel in channels[:10]
            for d in range(731)
        )  # fmt: skip
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def measure(runs: int) -> None:
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from somevakt.inbox.models import Item

    client = Client()
    client.force_login(User.objects.get(username="ingrid"))
    print(f"items: {Item.objects.count():,}")
    times = []
    for kind in ("week", "month"):
        client.get(f"/reports/?kind={kind}")  # warm the caches once
    for run in range(runs):
        kind = "week" if run % 2 == 0 else "month"
        started = time.perf_counter()
        response = client.get(f"/reports/?kind={kind}")
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        client.get("/reports/?kind=week")
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    median = statistics.median(times)
    print(f"overview over {runs} renders (week and month in turn): median {median:.0f} ms, "
          f"p95 {p95:.0f} ms (target under {TARGET_MS} ms)")  # fmt: skip
    print(f"queries per render: {len(queries.captured_queries)}")
    heaviest = max(queries.captured_queries, key=lambda q: float(q["time"]))
    print(f"heaviest query ({float(heaviest['time']) * 1000:.0f} ms):\n  {heaviest['sql'][:400]}…")
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + heaviest["sql"])
        for row in cursor.fetchall():
            print("  plan:", row[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--db", type=Path, default=ROOT / "var" / "bench-reports.sqlite3")
    args = parser.parse_args()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    ready = args.db.with_suffix(".ready")
    if not ready.exists():
        args.db.unlink(missing_ok=True)
        print(f"Building {args.db} with {args.items:,} items (once)…", flush=True)
    setup_django(args.db)
    if not ready.exists():
        started = time.perf_counter()
        build(args.items)
        ready.write_text(str(args.items))
        print(f"built in {time.perf_counter() - started:.0f} s")
    measure(args.runs)


if __name__ == "__main__":
    main()

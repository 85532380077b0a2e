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
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 300


ITEMS_SQL = """
WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n < %(count)s - 1),
rows AS (
    SELECT n, (n * 104729) %% 100000 AS k,
           datetime(%(start)s + n * %(step)s, 'unixepoch') AS at FROM seq
)
INSERT INTO inbox_item (platform, external_id, kind, parent_external_id, text, links,
    attachments, published_at, content_at, version_count, is_hidden_on_platform,
    received_at, is_demo, author_id, channel_id, thread_id)
SELECT 'facebook', 'i' || n,
       CASE WHEN n %% 10 = 0 THEN 'post' WHEN n %% 10 < 7 THEN 'comment' ELSE 'reply' END,
       '', 'Når blir Storgata brøytet?', '[]', '[]', at, at, 1, 0, at, 0,
       %(a0)s + (n * 7919) %% 50000, %(c0)s + k %% 20, %(t0)s + k
FROM rows
"""
DERIVED_SQL = [
    # One item in twenty is a question; nine in ten of those answered, most in time.
    """
    INSERT INTO deadlines_questionclock (asked_at, week, due_at, rule, is_crisis,
        answered_at, working_minutes_to_answer, answered_in_time, author_id, channel_id,
        item_id, thread_id)
    SELECT published_at, date(published_at, '-6 days', 'weekday 1'),
           datetime(published_at, '+6 hours'), 'O5', 0,
           CASE WHEN id % 10 THEN datetime(published_at, '+' || (id % 600) || ' minutes') END,
           CASE WHEN id % 10 THEN id % 600 END,
           CASE WHEN id % 10 THEN id % 600 < 360 END,
           author_id, channel_id, id, thread_id
    FROM inbox_item WHERE id % 20 = 0
    """,
    # One in fifty flagged by screening, with a finding and a moderation case.
    """
    INSERT INTO inbox_itemversion (text, links, attachments, platform_time, content_sha256,
        received_at, item_id)
    SELECT text, '[]', '[]', published_at, printf('%064d', id), published_at, id
    FROM inbox_item WHERE id % 50 = 1
    """,
    """
    INSERT INTO triage_itemscreening (is_current, language, is_question,
        needs_case_processing, severity, needs_moderation, rules, suggested_reply,
        screened_at, item_id, version_id)
    SELECT 1, 'nb', 0, 0, 2, 1, '["D4"]', '', platform_time, item_id, id
    FROM inbox_itemversion
    """,
    """
    INSERT INTO triage_finding (rule, start, "end", words, severity, confidence, reason,
        screening_id)
    SELECT CASE id % 4 WHEN 0 THEN 'D1' WHEN 1 THEN 'D3' WHEN 2 THEN 'D4' ELSE 'D6' END,
           0, 5, 'idiot', 2, 0.9, 'bench', id
    FROM triage_itemscreening
    """,
    """
    INSERT INTO moderation_moderationcase (state, origin, severity, rules, report_note,
        opened_at, is_hidden, proposed_rules, proposal_reason, decision_reason, failure,
        updated_at, item_id)
    SELECT CASE item_id % 3 WHEN 0 THEN 'open' WHEN 1 THEN 'hidden' ELSE 'executed' END,
           'screening', 2, CASE item_id % 2 WHEN 0 THEN '["D1"]' ELSE '["D4"]' END, '',
           screened_at, item_id % 3 = 1, '[]', '', '', '', screened_at, item_id
    FROM triage_itemscreening
    """,
]


def setup_django(db: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "somevakt.settings")
    import django

    django.setup()


def build(count: int) -> None:
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from somevakt.deadlines.models import QuestionClock
    from somevakt.inbox.models import Author, Item, Thread
    from somevakt.moderation.models import Ban, BanState, ModerationCase
    from somevakt.organisation.models import Role, Unit
    from somevakt.organisation.services import staff_user_create
    from somevakt.policy.services import policy_load
    from somevakt.reports.models import ChannelInsight
    from somevakt.sources.models import Channel, ChannelType, Platform

    call_command("migrate", verbosity=0)
    from django.conf import settings

    policy_load(path=settings.SOMEVAKT_DEFAULT_POLICY, actor=None)
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
    # The million rows are generated inside SQLite (a recursive CTE): the same columns
    # the ORM writes, in seconds rather than the better part of an hour.
    parameters = {
        "count": count,
        "start": start.timestamp(),
        "step": span / count,
        "a0": authors[0].pk,
        "c0": channels[0].pk,
        "t0": threads[0].pk,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(ITEMS_SQL, parameters)
        for sql in DERIVED_SQL:
            cursor.execute(sql)
    print(f"  {Item.objects.count():,} items, {QuestionClock.objects.count():,} questions, "
          f"{ModerationCase.objects.count():,} cases", flush=True)  # fmt: skip
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
    times: dict[str, list[float]] = {"week": [], "month": []}
    for kind in times:
        client.get(f"/reports/?kind={kind}")  # warm the caches once
    for run in range(runs):
        kind = "week" if run % 2 == 0 else "month"
        started = time.perf_counter()
        response = client.get(f"/reports/?kind={kind}")
        times[kind].append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        client.get("/reports/?kind=week")
    every = sorted(times["week"] + times["month"])
    p95 = every[min(len(every) - 1, int(round(0.95 * (len(every) - 1))))]
    print(
        f"overview over {runs} renders: median {statistics.median(every):.0f} ms, "
        f"p95 {p95:.0f} ms (target under {TARGET_MS} ms); median by week "
        f"{statistics.median(times['week']):.0f} ms, by month "
        f"{statistics.median(times['month']):.0f} ms"
    )
    print(f"queries per render: {len(queries.captured_queries)}")
    # Django times execute() alone; SQLite does most work while rows are fetched, so
    # each query is run again here and timed to its last row.
    timed = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            if not query["sql"].lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            started = time.perf_counter()
            cursor.execute(query["sql"])
            cursor.fetchall()
            timed.append(((time.perf_counter() - started) * 1000, query["sql"]))
        total, (slowest, sql) = sum(t for t, _ in timed), max(timed)
        print(f"time in queries: {total:.0f} ms; heaviest ({slowest:.0f} ms):\n  {sql[:300]}…")
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        plan = [row[-1] for row in cursor.fetchall()]
    # A UNION repeats the same plan once per period; numbered subqueries shown once.
    for line in dict.fromkeys(re.sub(r"SUBQUERY \d+", "SUBQUERY", line) for line in plan):
        print("  plan:", line)


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
    else:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)  # tables added since the build stay empty
    measure(args.runs)


if __name__ == "__main__":
    main()

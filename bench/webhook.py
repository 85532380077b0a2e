"""Facebook webhook deliveries per second accepted by the running server, and what they
leave behind once ingested.

Starts gunicorn as the Procfile does, on PostgreSQL (a fresh database), with one
connected Facebook page. Then 10,000 signed deliveries (shuffled, a fifth of them Meta's
retries of others; see somevakt/connectors/replay.py) are posted over HTTP on 127.0.0.1
by several keep-alive clients; every answer must be 200. Prints deliveries per second and
p50/p99 latency, then ingests the stored deliveries (`connectors ingest`) and checks that
exactly the expected items, versions, deletions and hides are there.

Usage: python bench/webhook.py [--count 10000] [--clients 16] [--database-url URL]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from harness import PAGE, ROOT, free_port, gunicorn, prepare, reset_database, send_all, wait_for

sys.path.insert(0, str(ROOT))
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/somevakt_bench_webhook"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_WEBHOOK_DATABASE_URL", DEFAULT_DB)
    )
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="somevakt-webhook-"))
    env = {
        **os.environ,
        "SOMEVAKT_VAR_DIR": str(tmp),
        "DATABASE_URL": args.database_url,
        "DATABASE_CONN_MAX_AGE": "60",  # as production runs it: no connection per request
        "DJANGO_SETTINGS_MODULE": "somevakt.settings",
        "LOG_LEVEL": "WARNING",
    }
    reset_database(args.database_url)
    os.environ.update(env)
    import django

    django.setup()
    prepare()

    from somevakt.connectors.replay import storm

    bodies, expected = storm(PAGE, args.count, duplicate_share=0.2)
    port = free_port()
    server = gunicorn(port, env, workers=args.workers, threads=args.threads)
    try:
        wait_for(port)
        warm = [b'{"object":"page","entry":[]}'] * 200  # the same body: stored once
        send_all(port, warm, args.clients)
        seconds, latencies, statuses = send_all(port, bodies, args.clients)
    finally:
        server.terminate()
        server.wait()
    latencies.sort()
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000
    print(f"{len(bodies)} deliveries ({len(set(bodies))} distinct) with {args.clients} clients "
          f"to gunicorn {args.workers}x{args.threads} on PostgreSQL")  # fmt: skip
    print(f"answers: {statuses}")
    print(f"accepted: {len(bodies) / seconds:.0f} deliveries/s; "
          f"latency p50 {p50:.1f} ms, p99 {p99:.1f} ms")  # fmt: skip

    from somevakt.connectors.models import RawEvent, WebhookDelivery
    from somevakt.connectors.services import webhook_deliveries_process
    from somevakt.inbox.models import Item, ItemVersion

    started = time.perf_counter()
    while webhook_deliveries_process():
        pass
    ingest_seconds = time.perf_counter() - started
    stored = WebhookDelivery.objects.exclude(body__startswith='{"object":"page","entry":[]}')
    items = Item.objects.filter(channel__external_id=PAGE)
    found = {
        "deliveries stored": stored.count(),
        "items": items.count(),
        "versions": ItemVersion.objects.count(),
        "deleted": items.filter(deleted_on_platform_at__isnull=False).count(),
        "hidden": items.filter(is_hidden_on_platform=True).count(),
        "raw events not ingested": RawEvent.objects.exclude(status="ingested").count(),
    }
    wanted = {
        "deliveries stored": len(set(bodies)),
        "items": expected.items,
        "versions": expected.versions,
        "deleted": expected.deleted,
        "hidden": expected.hidden,
        "raw events not ingested": 0,
    }
    texts_ok = dict(items.values_list("external_id", "text")) == expected.texts
    print(
        f"ingested in {ingest_seconds:.1f} s ({stored.count() / ingest_seconds:.0f} deliveries/s)"
    )
    for name, count in found.items():
        mark = "ok" if count == wanted[name] else f"EXPECTED {wanted[name]}"
        print(f"  {name}: {count} {mark}")
    print(f"  current texts: {'ok' if texts_ok else 'DIFFER'}")
    if found != wanted or not texts_ok or set(statuses) != {200}:
        raise SystemExit(1)


if __name__ == "__main__":
    main()

"""Webhook deliveries spread over many workers: each queued as a task, claimed with a
lease, ingested exactly once, taken again when its worker died, swept up when its task
was lost; and the same task on real RQ workers on Redis."""

import datetime
import json

import pytest
from django.db import OperationalError
from django.utils import timezone

from somevakt.connectors import services, tasks
from somevakt.connectors.fakeplatform import facebook_webhook_fixtures, sign
from somevakt.connectors.models import DeliveryState, RawEvent, WebhookDelivery
from somevakt.connectors.services import webhook_deliveries_process
from somevakt.connectors.tests.conftest import APP_SECRET
from somevakt.core.leases import lease_claim_batch
from somevakt.inbox.models import Item
from somevakt.triage.models import ItemScreening

URL = "/connections/webhook/facebook/"
FIXTURES = facebook_webhook_fixtures()
BODY = json.dumps(FIXTURES["webhook_restfb_feed-comment-add-211.json"]).encode()
LEASE = datetime.timedelta(seconds=30)


def post(client, body: bytes = BODY):
    signature = sign(body, APP_SECRET)
    return client.post(
        URL, data=body, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=signature
    )


def stored(count: int) -> list[int]:
    bodies = list(FIXTURES.values())[:count]
    ids = []
    for body in bodies:
        raw = json.dumps(body).encode()
        ids.append(services.webhook_delivery_store(platform="facebook", body=raw, signature=""))
    return ids


def test_a_stored_delivery_is_queued_for_the_workers_after_commit(
    client, fb_account, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        assert post(client).status_code == 200
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "somevakt.connectors.tasks.webhook_delivery_ingest"
    assert queued.args_kwargs["args"] == [WebhookDelivery.objects.get().pk]


def test_a_retried_delivery_is_not_queued_again(
    client, fb_account, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        post(client)
        post(client)
    assert DBTaskResult.objects.count() == 1


def test_the_platform_gets_its_200_while_the_queue_is_down_and_the_sweeper_ingests(
    client, fb_account, policy, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    class QueueDown:
        def enqueue(self, *args):
            raise ConnectionError("Redis refused the connection")

    monkeypatch.setattr(tasks, "webhook_delivery_ingest", QueueDown())
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client).status_code == 200
    assert "the sweeper will ingest it" in caplog.text
    assert webhook_deliveries_process(older_than=0) == 1
    assert WebhookDelivery.objects.get().state == DeliveryState.PROCESSED


def test_the_task_ingests_its_delivery_with_others_that_wait(fb_account, policy):
    ids = stored(3)
    assert tasks.webhook_delivery_ingest.call(ids[-1]) == 3
    assert set(WebhookDelivery.objects.values_list("state", flat=True)) == {"processed"}
    # The tasks of the two others find nothing left to do.
    assert tasks.webhook_delivery_ingest.call(ids[0]) == 0


def test_two_workers_never_claim_the_same_delivery(fb_account):
    ids = stored(4)
    first, _ = lease_claim_batch(WebhookDelivery, first=ids[2], limit=2, lease=LEASE)
    second, _ = lease_claim_batch(WebhookDelivery, first=ids[2], limit=10, lease=LEASE)
    assert first == [ids[2], ids[0]]  # its own, then the oldest waiting
    assert sorted(second) == [ids[1], ids[3]]
    assert lease_claim_batch(WebhookDelivery, limit=10, lease=LEASE)[0] == []


def test_a_dead_workers_claim_runs_out_and_the_delivery_is_ingested_once(
    fb_account, policy, time_machine
):
    (delivery_id,) = stored(1)
    lease_claim_batch(WebhookDelivery, limit=10, lease=LEASE)  # the worker then dies
    assert webhook_deliveries_process() == 0  # held by the dead worker's lease
    time_machine.move_to(timezone.now() + LEASE + datetime.timedelta(seconds=1))
    assert webhook_deliveries_process() == 1
    assert WebhookDelivery.objects.get(pk=delivery_id).state == DeliveryState.PROCESSED
    assert RawEvent.objects.filter(delivery_id=delivery_id).count() == 1


def test_a_slow_worker_whose_claim_was_taken_over_ingests_nothing(fb_account, policy, time_machine):
    (delivery_id,) = stored(1)
    slow, slow_lease = lease_claim_batch(WebhookDelivery, limit=10, lease=LEASE)
    time_machine.move_to(timezone.now() + LEASE + datetime.timedelta(seconds=1))
    assert webhook_deliveries_process() == 1  # another worker takes it over and ingests it
    versions = ItemScreening.objects.count()
    services._deliveries_held_ingest(slow, slow_lease)  # the slow worker finally goes on
    assert ItemScreening.objects.count() == versions
    assert RawEvent.objects.filter(delivery_id=delivery_id).count() == 1


def test_a_lost_database_connection_gives_the_deliveries_back_instead_of_failing_them(
    fb_account, monkeypatch
):
    stored(2)
    calls = []

    def connection_lost(deliveries):
        calls.append(len(deliveries))
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "_deliveries_ingest", connection_lost)
    monkeypatch.setattr(services.time, "sleep", lambda seconds: None)
    with pytest.raises(OperationalError):
        webhook_deliveries_process()
    assert calls == [2] * services.PASSING_ATTEMPTS
    assert set(WebhookDelivery.objects.values_list("state", flat=True)) == {"pending"}


def test_the_sweeper_leaves_fresh_deliveries_to_the_workers(fb_account, policy, time_machine):
    stored(2)
    assert webhook_deliveries_process(older_than=30) == 0
    time_machine.move_to(timezone.now() + datetime.timedelta(seconds=31))
    assert webhook_deliveries_process(older_than=30) == 2


@pytest.mark.django_db(transaction=True)
def test_the_embedded_db_worker_ingests_a_delivery_from_its_task(client, fb_account, policy):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from somevakt.connectors.replay import surge

    for _comment_id, body in surge(fb_account.account_id, 2):
        assert post(client, body).status_code == 200
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert set(WebhookDelivery.objects.values_list("state", flat=True)) == {"processed"}
    assert Item.objects.count() == ItemScreening.objects.count() == 2


# --- the same task on RQ workers, on a real Redis ----------------------------------------

REDIS_URL = "redis://127.0.0.1:6379/5"


@pytest.fixture
def rq_backend(settings):
    """The settings TASKS_BACKEND=django_tasks_rq.RQBackend gives, on a Redis database of
    the tests' own (emptied before and after)."""
    import redis

    connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.skip(f"no Redis on {REDIS_URL} to run RQ workers against: {exc}")
    connection.flushdb()
    settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "django_rq"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 60}}
    settings.RQ = {"JOB_CLASS": "django_tasks_rq.Job", "WORKER_CLASS": "rq.worker.SimpleWorker"}
    yield connection
    connection.flushdb()


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_deliveries_is_ingested_by_an_rq_worker_from_one_task(
    client, fb_account, policy, rq_backend
):
    from django.core.management import call_command

    from somevakt.connectors.replay import surge

    for _comment_id, body in surge(fb_account.account_id, 3):
        assert post(client, body).status_code == 200
    # The first delivery queued a task; the others found it waiting (the bell rang).
    assert rq_backend.llen("rq:queue:default") == 1
    call_command("rqworker", "default", "--burst", verbosity=0)
    assert rq_backend.llen("rq:queue:default") == 0
    assert set(WebhookDelivery.objects.values_list("state", flat=True)) == {"processed"}
    assert Item.objects.count() == ItemScreening.objects.count() == 3
    # The task answered the bell: the next delivery queues a task of its own.
    assert not rq_backend.exists(services.INGEST_BELL)


def test_the_fake_platform_can_fail_every_call_for_a_while():
    from somevakt.connectors.fakeplatform import FakePlatform

    fake = FakePlatform()
    fake.handle("POST", "/_fail", {"seconds": "60", "status": "400", "code": "4"}, "")
    for _ in range(3):
        status, body = fake.handle("DELETE", "/v21.0/1_2", {}, "k")
        assert (status, body["error"]["code"]) == (400, 4)
    fake.failing_until = 0.0  # the minute is over
    assert fake.handle("DELETE", "/v21.0/1_2", {}, "k")[0] == 200

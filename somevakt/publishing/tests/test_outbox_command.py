import datetime
import io

import time_machine
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from somevakt.publishing import services


def test_the_outbox_command_queues_a_scheduled_post_once_it_is_due(policy, admin_user, local_page):
    due = timezone.now() + datetime.timedelta(hours=1)
    post = services.post_create(
        actor=admin_user, text="Kino fredag", channels=[local_page], publish_at=due
    )
    services.post_submit(actor=admin_user, post=post)
    out = io.StringIO()
    call_command("publishing", "outbox", stdout=out)
    assert out.getvalue().strip() == "queued 0 due posts on channels"
    queued = DBTaskResult.objects.count()
    with time_machine.travel(due + datetime.timedelta(seconds=1)):
        call_command("publishing", "outbox", stdout=out)
    assert out.getvalue().strip().endswith("queued 1 due posts on channels")
    assert DBTaskResult.objects.count() == queued + 1
    assert DBTaskResult.objects.filter(task_path__endswith="target_deliver").exists()

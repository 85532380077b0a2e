from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "somevakt.core"
    label = "core"
    verbose_name = "somevakt"

    def ready(self) -> None:
        from django.conf import settings

        if settings.TASKS_BACKEND == "django_tasks_rq.RQBackend":
            from django_tasks.signals import task_finished, task_started
            from django_tasks_rq.backend import RQBackend

            # The RQ job class sends the backend's class as the signal's sender.
            task_started.connect(_connections_renewed, sender=RQBackend, dispatch_uid="rq-start")
            task_finished.connect(_connections_renewed, sender=RQBackend, dispatch_uid="rq-end")


def _connections_renewed(sender: type, **kwargs) -> None:
    """An RQ worker runs task after task in one process: like a request, each task starts
    and ends with its database connection handed back (to the pool) if it broke or aged,
    so a PostgreSQL restart costs the tasks running at that moment, not the worker.
    (db_worker does this itself, between its transactions.)"""
    from django.db import close_old_connections

    close_old_connections()

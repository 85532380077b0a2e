from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "somevakt.core"
    label = "core"
    verbose_name = "somevakt"

    def ready(self) -> None:
        from django_tasks.signals import task_finished, task_started

        task_started.connect(_connections_renewed, dispatch_uid="somevakt-rq-connections")
        task_finished.connect(_connections_renewed, dispatch_uid="somevakt-rq-connections-end")


def _connections_renewed(sender: type, **kwargs) -> None:
    """An RQ worker runs task after task in one process: like a request, each task starts
    and ends with its database connection handed back (to the pool) if it broke or aged,
    so a PostgreSQL restart costs the tasks running at that moment, not the worker.
    (db_worker does this itself, between its transactions.)"""
    if sender.__name__ == "RQBackend":
        from django.db import close_old_connections

        close_old_connections()

from django_tasks import task

from somevakt.privacy.services import retention_due, retention_enforce


@task()
def retention_nightly() -> str:
    """Remove what the policy's [retention] table no longer allows to keep, once a night
    (a scheduler that handed it over twice while the worker was away finds it done)."""
    if not retention_due():
        return "already run tonight"
    result = retention_enforce(actor=None, apply=True)
    return ", ".join(f"{name} {count}" for name, count in sorted(result.counts.items())) or "none"

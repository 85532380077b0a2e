from django_tasks import task

from somevakt.privacy.services import retention_enforce


@task()
def retention_nightly() -> str:
    """Remove what the policy's [retention] table no longer allows to keep."""
    result = retention_enforce(actor=None, apply=True)
    return ", ".join(f"{name} {count}" for name, count in sorted(result.counts.items())) or "none"

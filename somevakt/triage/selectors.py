from functools import lru_cache

from somevakt.policy.models import PolicyVersion


@lru_cache(maxsize=8)
def policy_context(policy_pk: int | None) -> dict:
    """The policy's part of the screening context; cached, as a version never changes."""
    version = PolicyVersion.objects.filter(pk=policy_pk).first() if policy_pk else None
    if version is None:
        return {}
    policy = version.policy
    return {
        "place_names": tuple(policy.municipality.place_names),
        "immediate_hide_rules": frozenset(str(rule) for rule in policy.immediate_hide_rules),
        "case_processing_reply": policy.replies.case_processing.strip(),
        "sensitive_post_reply": policy.replies.sensitive_post.strip(),
    }

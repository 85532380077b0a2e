import datetime

from django.utils import timezone

from somevakt.governance.checks import CHECKS, Finding
from somevakt.organisation.permissions import Action, Actor, require
from somevakt.policy.selectors import policy_in_force
from somevakt.sources.selectors import channels_visible_to


def compliance_findings(*, actor: Actor, today: datetime.date | None = None) -> list[Finding]:
    """Everything out of order in how the channels are run (L2, L3, L4, G2, S1, S2),
    by rule, then channel, on the channels the actor may see: a secret group only for its
    members and the informasjonsansvarlig (and the operator)."""
    require(actor, Action.VIEW_COMPLIANCE)
    policy = policy_in_force().policy
    today = today or timezone.localdate()
    visible = set(channels_visible_to(actor).values_list("pk", flat=True))
    findings = [
        finding
        for check in CHECKS
        for finding in check(policy=policy, today=today)
        if finding.channel.pk in visible
    ]
    return sorted(findings, key=lambda f: (f.rule, f.channel.name, f.since))

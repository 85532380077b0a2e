from django.core.management.base import BaseCommand, CommandError

from somevakt.governance.selectors import compliance_findings
from somevakt.policy.selectors import PolicyNotLoaded


class Command(BaseCommand):
    help = (
        "Check that every local page, closed group and secret group is run as the policy "
        "says (L2, L3, L4, G2, S1, S2). Exit code 1 when anything is out of order."
    )

    def handle(self, *args, **options) -> None:
        try:
            findings = compliance_findings(actor=None)
        except PolicyNotLoaded as exc:
            raise CommandError(str(exc), returncode=2) from exc
        for f in findings:
            self.stdout.write(
                f"{f.rule}  {f.channel.name} ({f.channel.slug})  since {f.since.isoformat()}\n"
                f"    {f.what}\n    → {f.fix}"
            )
        if findings:
            rules = sorted({f.rule for f in findings})
            raise CommandError(
                f"{len(findings)} findings ({', '.join(rules)}): the channels are not all run "
                "as the policy says.",
                returncode=1,
            )
        self.stdout.write(self.style.SUCCESS("Every channel is run as the policy says."))

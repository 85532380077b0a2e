from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from somevakt.policy.loader import PolicyError, load_policy_file
from somevakt.policy.schema import Deadline, DeadlineKind, Policy
from somevakt.policy.selectors import PolicyNotLoaded, policy_in_force
from somevakt.policy.services import policy_load

# Exit code for a policy that cannot be used, as for a usage error.
REFUSED = 2


class Command(BaseCommand):
    help = "Check, load and show the policy the municipality runs its social media by (D9)."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        check = commands.add_parser("check", help="validate a policy file; store nothing")
        check.add_argument("file", type=Path)
        load = commands.add_parser("load", help="validate a policy file and put it in force")
        load.add_argument(
            "file",
            type=Path,
            nargs="?",
            default=settings.SOMEVAKT_DEFAULT_POLICY,
            help="default: settings.SOMEVAKT_DEFAULT_POLICY",
        )
        commands.add_parser("show", help="the policy in force: parameters and every rule")

    def handle(self, *args, subcommand: str, file: Path | None = None, **options) -> None:
        try:
            if subcommand == "check":
                self._check(file)
            elif subcommand == "load":
                self._load(file)
            else:
                self._show()
        except PolicyError as exc:
            for line in exc.problems:
                self.stderr.write(line)
            count = len(exc.problems)
            raise CommandError(
                f"{file}: refused, {count} problem{'s' if count > 1 else ''}; nothing was stored.",
                returncode=REFUSED,
            ) from exc
        except PolicyNotLoaded as exc:
            raise CommandError(str(exc), returncode=REFUSED) from exc

    def _check(self, file: Path) -> None:
        loaded = load_policy_file(file)
        self.stdout.write(
            f"OK: {loaded.name}, {len(loaded.policy.rules)} rules, sha256 {loaded.sha256}"
        )

    def _load(self, file: Path) -> None:
        version = policy_load(path=file, actor=None)
        self.stdout.write(
            f"In force: {version.name}, {len(version.policy.rules)} rules, sha256 {version.sha256}"
        )

    def _show(self) -> None:
        version = policy_in_force()
        write = self.stdout.write
        write(version.name)
        write(f"  version (sha256)  {version.sha256}")
        write(f"  file              {version.source_name}")
        write(
            f"  loaded            {_when(version.loaded_at)} by {version.loaded_by or 'operator'}"
        )
        write(f"  in force since    {_when(version.activated_at)}")
        for line in _parameters(version.policy):
            write(line)
        for section, rules in version.policy.rules_by_section().items():
            write("")
            write(section)
            for rule_id, rule in rules:
                hide = "  (kan skjules straks)" if rule.immediate_hide else ""
                write(f"  {rule_id:<4} {rule.title}{hide}")


def _when(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def _deadline(deadline: Deadline) -> str:
    if deadline.kind is DeadlineKind.WORKING_MINUTES:
        described = f"{deadline.minutes} working minutes"
    elif deadline.kind is DeadlineKind.END_OF_NEXT_WORKING_DAY:
        described = "end of the next working day"
    else:
        described = "no answer deadline"
    return f"{described} ({deadline.rule})"


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def _parameters(policy: Policy) -> list[str]:
    municipality = policy.municipality
    working = policy.working_time
    hours = working.office_hours
    crisis = policy.crisis
    moderation = policy.moderation
    local = policy.local_pages
    closures = ", ".join(day.isoformat() for day in working.local_closures) or "none"
    lines = [
        "",
        f"Municipality: {municipality.name}, {municipality.website}, {municipality.email}",
        f"  place names: {', '.join(municipality.place_names)}",
        f"  units: {', '.join(municipality.units)}",
        "",
        f"Working time ({working.time_zone}): {hours.start:%H:%M}-{hours.end:%H:%M} on "
        f"{', '.join(working.working_days)}; public holidays of {working.public_holidays} off; "
        f"local closures: {closures}",
        "Answer deadlines:",
        f"  default: {_deadline(policy.deadlines.default)}",
        *(
            f"  {channel_type}: {_deadline(deadline)}"
            for channel_type, deadline in policy.deadlines.channel_types.items()
        ),
        f"  crisis: {crisis.answer_minutes} minutes"
        + (" around the clock" if crisis.around_the_clock else " of office hours")
        + " (K1)",
        f"Local pages: a post at least every {local.max_days_without_post} days (L2); "
        f"advise the main page after {local.recommend_main_page_after_quiet_weeks} quiet "
        f"weeks (L4); remind the admins {local.remind_working_days_before_week_end} working "
        "days before a week without a post ends",
        f"Guidelines for employees: version {policy.guidelines.version}, "
        f"{', '.join(policy.guidelines.items)}",
        f"Moderation: ban after {moderation.strike_threshold} breaches within "
        f"{moderation.strike_window_days} days (O3); immediate hiding for "
        f"{', '.join(policy.immediate_hide_rules) or 'no rule'}",
        f"  somevakt hides on its own: {_yes_no(moderation.auto_hide)}; "
        "informasjonsansvarlig may approve own proposal: "
        f"{_yes_no(moderation.informasjonsansvarlig_may_approve_own_proposal)} (O2)",
        "Publishing: the informasjonsansvarlig approves posts to "
        f"{', '.join(policy.publishing.review_channel_types) or 'no channel type'} (O1); "
        f"crisis messages: {_yes_no(policy.publishing.review_crisis_messages)} (K1); "
        f"her own posts: {_yes_no(policy.publishing.editor_posts_need_review)}",
        "Archive (A1-A5):",
        *(f"  {channel_type}: {treatment}" for channel_type, treatment in policy.archive.items()),
        "Replies:",
        f"  deletion: {policy.replies.deletion}",
        f"  case processing: {policy.replies.case_processing}",
        f"  sensitive post: {policy.replies.sensitive_post}",
    ]
    return lines

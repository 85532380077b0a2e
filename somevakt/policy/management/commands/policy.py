from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from somevakt.policy.loader import PolicyError, load_policy_file
from somevakt.policy.selectors import PolicyNotLoaded, policy_in_force
from somevakt.policy.services import policy_load


class Command(BaseCommand):
    help = "Check, load and show the policy (rule D9)."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        check = commands.add_parser("check", help="validate a policy file; store nothing")
        check.add_argument("file", type=Path)
        load = commands.add_parser("load", help="store a policy file and put it in force")
        load.add_argument("file", type=Path, nargs="?", default=settings.SOMEVAKT_DEFAULT_POLICY)
        commands.add_parser("show", help="the policy in force")

    def handle(self, *args, subcommand: str, **options) -> None:
        try:
            getattr(self, f"_{subcommand}")(**options)
        except PolicyError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        except PolicyNotLoaded as exc:
            raise CommandError(str(exc), returncode=2) from exc

    def _check(self, *, file: Path, **options) -> None:
        loaded = load_policy_file(file)
        self.stdout.write(
            f"OK: {file}: {loaded.policy.policy.name}, {len(loaded.policy.rules)} rules, "
            f"sha256 {loaded.sha256}"
        )

    def _load(self, *, file: Path, **options) -> None:
        version = policy_load(path=file, actor=None)
        self.stdout.write(f"In force: {version.name} ({version.sha256[:12]}) from {file}")

    def _show(self, **options) -> None:
        version = policy_in_force()
        policy = version.policy
        hours = policy.working_time.office_hours
        write = self.stdout.write
        write(f"{version.name}")
        write(f"  version {version.sha256}, in force since {version.activated_at:%Y-%m-%d %H:%M}")
        write(f"  municipality: {policy.municipality.name} ({policy.municipality.website})")
        write(
            f"  office hours: {hours.start}–{hours.end} "
            f"{', '.join(policy.working_time.working_days)}; "
            f"holidays: {policy.working_time.public_holidays}"
        )
        write(f"  answer deadline: {policy.deadlines.default.model_dump(exclude_none=True)}")
        for channel_type, deadline in policy.deadlines.by_channel_type.items():
            write(f"    {channel_type}: {deadline.model_dump(exclude_none=True)}")
        write(f"  crisis deadline: {policy.deadlines.crisis_minutes} minutes around the clock")
        moderation = policy.moderation
        write(
            f"  ban after {moderation.strike_threshold} strikes in "
            f"{moderation.strike_window_days} days; immediate hiding: "
            f"{', '.join(sorted(policy.immediate_hide_rules))}"
        )
        write(f"  archive: {', '.join(f'{k}={v}' for k, v in policy.archive.items())}")
        for section, rules in policy.rules_by_section().items():
            write(f"\n{section}")
            for rule_id, rule in rules:
                write(f"  {rule_id:4} {rule.title}")

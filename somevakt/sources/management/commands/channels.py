from django.core.management.base import BaseCommand, CommandParser

from somevakt.sources.selectors import channel_list


class Command(BaseCommand):
    help = "Show the channel registry."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        subcommands.add_parser("list", help="every channel with type, platform, unit and members")

    def handle(self, *args, subcommand: str, **options) -> None:
        channels = channel_list(actor=None)
        rows = [("slug", "type", "platform", "id", "unit", "admins", "members", "items", "")]
        for channel in channels:
            rows.append(
                (
                    channel.slug,
                    channel.channel_type,
                    channel.platform,
                    channel.external_id,
                    channel.unit.name,
                    str(channel.admin_count),
                    str(channel.member_count),
                    str(channel.item_count),
                    "demo" if channel.is_demo else "",
                )
            )
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            self.stdout.write(
                "  ".join(
                    cell.ljust(width) for cell, width in zip(row, widths, strict=True)
                ).rstrip()
            )
        self.stdout.write(f"{len(rows) - 1} channels")

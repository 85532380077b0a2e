"""The rooms of somevakt in the order of the data flow (DESIGN.md), as the menu shows them.

A room appears in the menu only for those whose role allows its main action; each room
adds itself here when it gets a page.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from somevakt.organisation.permissions import Action


@dataclass(frozen=True)
class Room:
    url_name: str  # "namespace:name"; any page in the namespace belongs to the room
    label: str | Promise
    action: Action

    @property
    def namespace(self) -> str:
        return self.url_name.partition(":")[0]


ROOMS = (
    Room("inbox:list", _("Inbox"), Action.VIEW_INBOX),
    Room("moderation:queue", _("Moderation"), Action.VIEW_MODERATION),
    Room("moderation:approvals", _("Approvals"), Action.APPROVE),
    Room("publishing:list", _("Publishing"), Action.WRITE_POST),
    Room("publishing:review", _("Review"), Action.APPROVE_POST),
    Room("deadlines:overview", _("Deadlines"), Action.VIEW_DEADLINES),
    Room("servicedesk:list", _("Service desk"), Action.TAG_FOR_SERVICE_DESK),
    Room("archive:room", _("Archive"), Action.VIEW_ARCHIVE),
    Room("sources:list", _("Channels"), Action.VIEW_CHANNELS),
    Room("connectors:accounts", _("Connections"), Action.MANAGE_CHANNELS),
    Room("governance:report", _("Compliance"), Action.VIEW_COMPLIANCE),
    Room("reports:overview", _("Reports"), Action.VIEW_REPORTS),
    Room("privacy:authors", _("Personal data"), Action.EXPORT_PERSONAL_DATA),
    Room("policy:detail", _("Policy"), Action.VIEW_POLICY),
    Room("guidelines:detail", _("Staff guidelines"), Action.VIEW_GUIDELINES),
)

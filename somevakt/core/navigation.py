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
    url_name: str
    label: str | Promise
    action: Action
    namespace: str  # a request inside this URL namespace marks the room as current


ROOMS = (
    Room("inbox:list", _("Inbox"), Action.VIEW_INBOX, "inbox"),
    Room("sources:list", _("Channels"), Action.VIEW_CHANNELS, "sources"),
    Room("policy:detail", _("Policy"), Action.VIEW_POLICY, "policy"),
)

from django.http import HttpRequest
from django.urls import reverse

from somevakt.core.navigation import ROOMS
from somevakt.organisation.permissions import can
from somevakt.policy.selectors import policy_in_force_or_none


def navigation(request: HttpRequest) -> dict:
    """The menu for this user and the municipality's name for the page header."""
    if not request.user.is_authenticated:
        return {"navigation": []}
    match = request.resolver_match
    view_name = match.view_name if match else ""
    # A page belongs to the room it is the main page of, else to the first room of its
    # namespace (a case page to the queue, not also to the approvals).
    current = next((room for room in ROOMS if room.url_name == view_name), None) or next(
        (room for room in ROOMS if room.namespace == view_name.partition(":")[0]), None
    )
    version = policy_in_force_or_none()
    return {
        "navigation": [
            {
                "url": reverse(room.url_name),
                "label": room.label,
                "current": room is current,
            }
            for room in ROOMS
            if can(request.user, room.action)
        ],
        "municipality_name": version.document["municipality"]["name"] if version else "",
    }

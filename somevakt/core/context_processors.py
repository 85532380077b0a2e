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
    current = match.namespace if match else ""
    version = policy_in_force_or_none()
    return {
        "navigation": [
            {
                "url": reverse(room.url_name),
                "label": room.label,
                "current": room.namespace == current,
            }
            for room in ROOMS
            if can(request.user, room.action)
        ],
        "municipality_name": version.document["municipality"]["name"] if version else "",
    }

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from somevakt.sources.models import Channel
from somevakt.sources.selectors import channel_get, channel_list, channel_members


def channels_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "sources/channel_list.html", {"channels": channel_list(actor=request.user)}
    )


def channel_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        channel = channel_get(actor=request.user, slug=slug)
    except Channel.DoesNotExist:
        raise Http404(_("No such channel, or it is a secret group you are not in.")) from None
    return render(
        request,
        "sources/channel_detail.html",
        {"channel": channel, "members": channel_members(channel=channel)},
    )

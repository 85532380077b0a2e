from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from somevakt.inbox.models import Item, Thread
from somevakt.inbox.selectors import item_list, thread_get, thread_tree
from somevakt.organisation.permissions import Action, can
from somevakt.policy.rules import RULE_IDS
from somevakt.sources.selectors import channel_list

PAGE_SIZE = 50


class InboxFilter(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    needs_moderation = forms.BooleanField(
        label=_("Only items that need moderation"), required=False
    )

    def __init__(self, *args, channels, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [("", _("All channels"))] + [
            (c.slug, c.name) for c in channels
        ]


def inbox_list(request: HttpRequest) -> HttpResponse:
    channels = channel_list(actor=request.user)
    form = InboxFilter(request.GET, channels=channels)
    items = Item.objects.none()
    if form.is_valid():  # an unknown channel shows the form's error and no items
        items = item_list(
            actor=request.user,
            channel_slug=form.cleaned_data["channel"] or None,
            needs_moderation=form.cleaned_data["needs_moderation"],
        )
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = "inbox/_items.html" if request.htmx else "inbox/item_list.html"
    return render(request, template, {"form": form, "page": page, "query": query.urlencode()})


def thread_detail(request: HttpRequest, thread_id: int) -> HttpResponse:
    try:
        thread = thread_get(actor=request.user, thread_id=thread_id)
    except Thread.DoesNotExist:
        raise Http404(
            _("No such conversation, or it is in a secret group you are not in.")
        ) from None
    return render(
        request,
        "inbox/thread_detail.html",
        {
            "thread": thread,
            "tree": thread_tree(thread),
            "may_moderate": can(request.user, Action.VIEW_MODERATION),
            "rules": [rule for rule in RULE_IDS if rule[0] == "D" or rule in ("G1", "S1")],
        },
    )

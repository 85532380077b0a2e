from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from somevakt.inbox.imports import GROUP_TYPES, FileFormat, ImportFileError
from somevakt.inbox.models import Item, Thread
from somevakt.inbox.selectors import item_list, thread_get, thread_tree
from somevakt.inbox.services import file_import
from somevakt.organisation.permissions import Action, can
from somevakt.policy.rules import RULE_IDS
from somevakt.sources.models import ChannelType
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
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "may_import": can(request.user, Action.IMPORT_ITEMS),
    }
    return render(request, template, context)


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


MAX_UPLOAD_BYTES = 20 * 1024 * 1024

FORMAT_CHOICES = [
    (FileFormat.NET_MEETING_CSV.value, _("Net meeting transcript, CSV")),
    (FileFormat.NET_MEETING_JSON.value, _("Net meeting transcript, JSON")),
    (FileFormat.GROUP_POSTS.value, _("Group posts, JSON lines")),
]


class ImportForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Channel"),
        help_text=_("A net meeting for a transcript, a closed or secret group for group posts."),
    )
    file_format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES)
    file = forms.FileField(label=_("File"), help_text=_("UTF-8; the formats are in the README."))
    meeting = forms.SlugField(
        label=_("Meeting's short name"),
        required=False,
        help_text=_("For a transcript, e.g. budsjett-2026; importing again updates it."),
    )
    title = forms.CharField(label=_("Meeting's title"), required=False, max_length=300)

    def __init__(self, *args, channels, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.channels = {c.slug: c for c in channels}
        self.fields["channel"].choices = [(c.slug, c.name) for c in channels]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 20 MB; split it into smaller files.")
            )
        return upload

    def clean(self):
        data = super().clean()
        is_meeting = data.get("file_format") != FileFormat.GROUP_POSTS
        if is_meeting and not data.get("meeting"):
            self.add_error("meeting", _("A transcript needs the meeting's short name."))
        return data


def import_file(request: HttpRequest) -> HttpResponse:
    """A3 and the manual route for groups: upload a transcript or a group's posts."""
    if not can(request.user, Action.IMPORT_ITEMS):
        raise PermissionDenied(_("Importing is for the informasjonsansvarlig and admins."))
    channels = [
        c
        for c in channel_list(actor=request.user)
        if c.channel_type in (ChannelType.NET_MEETING, *GROUP_TYPES)
    ]
    form = ImportForm(request.POST or None, request.FILES or None, channels=channels)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        channel = form.channels[form.cleaned_data["channel"]]
        try:
            summary = file_import(
                actor=request.user,
                channel=channel,
                file_format=form.cleaned_data["file_format"],
                data=upload.read(),
                file_name=upload.name,
                meeting=form.cleaned_data["meeting"],
                title=form.cleaned_data["title"],
            )
        except ImportFileError as exc:
            problems = exc.problems
        else:
            messages.success(
                request,
                _(
                    "%(name)s: %(items)s new items and %(versions)s new versions; nothing "
                    "was left out."
                )
                % {
                    "name": upload.name,
                    "items": summary.items_created,
                    "versions": summary.versions_added,
                },
            )
            return redirect("inbox:import")
    status = 400 if problems or form.errors else 200
    return render(
        request,
        "inbox/import.html",
        {"form": form, "problems": problems, "has_channels": bool(channels)},
        status=status,
    )

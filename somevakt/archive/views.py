import datetime
import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from somevakt.archive import selectors, services
from somevakt.archive.models import ArchiveDecision, ArchiveDelivery, Journalpost, Outcome
from somevakt.archive.noark5.records import Noark5Error
from somevakt.archive.noark5.writers import JournalHead, journal_entries, write_offentlig_journal
from somevakt.organisation.permissions import Action, can, require

PAGE_SIZE = 25


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(required=False, choices=[("", "-"), *Outcome.choices])
    reason = forms.CharField(required=False, max_length=2000)


class ScreenForm(forms.Form):
    hjemmel = forms.ChoiceField(
        required=False,
        choices=[("", "-"), *[(text, text) for _code, text in services.SKJERMING_CHOICES]],
    )
    words = forms.CharField(required=False, max_length=500)


class PeriodForm(forms.Form):
    start = forms.DateField(required=False)
    end = forms.DateField(required=False)

    def period(self) -> tuple[datetime.date, datetime.date]:
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        start = data.get("start") or today.replace(day=1)
        end = data.get("end") or today
        if end < start:
            start, end = end, start
        return start, end


def room(request: HttpRequest) -> HttpResponse:
    """A1–A6: the proposals waiting for the arkivar, one click each."""
    pending = selectors.decisions_pending(actor=request.user)
    page = Paginator(pending, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "archive/room.html",
        {
            "page": page,
            "recent": selectors.decisions_confirmed(actor=request.user)[:10],
            "outcomes": Outcome.choices,
            "may_decide": can(request.user, Action.CLASSIFY_ARCHIVE),
        },
    )


@require_POST
def decide(request: HttpRequest, decision_id: int) -> HttpResponse:
    """Confirm (no outcome given) or override (an outcome and a reason)."""
    try:
        decision = selectors.decision_get(actor=request.user, decision_id=decision_id)
    except ArchiveDecision.DoesNotExist:
        raise Http404(_("No such decision.")) from None
    form = DecideForm(request.POST)
    error = ""
    if not form.is_valid():
        error = _("The form was not valid: %(errors)s") % {"errors": form.errors}
    else:
        try:
            decision = services.decision_confirm(
                actor=request.user,
                decision=decision,
                outcome=form.cleaned_data["outcome"] or None,
                reason=form.cleaned_data["reason"],
            )
        except (services.ArchiveError, Noark5Error) as exc:
            error = str(exc)
    if request.htmx:
        context = {"decision": decision, "error": error, "outcomes": Outcome.choices}
        context["may_decide"] = can(request.user, Action.CLASSIFY_ARCHIVE)
        return render(request, "archive/_decision.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request,
            _("Decision %(number)s: %(outcome)s.")
            % {"number": decision.pk, "outcome": decision.get_outcome_display()},
        )
    return redirect("archive:room")


def journal(request: HttpRequest) -> HttpResponse:
    """The running journal for staff, with skjerming and the deliveries to the archive."""
    require(request.user, Action.VIEW_ARCHIVE)
    period = PeriodForm(request.GET or None)
    start, end = period.period()
    posts = (
        Journalpost.objects.filter(journaldato__range=(start, end))
        .select_related("saksmappe")
        .prefetch_related("korrespondanseparter", "deliveries")
        .order_by("-journalaar", "-journalsekvensnummer")
    )
    page = Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "archive/journal.html",
        {
            "page": page,
            "start": start,
            "end": end,
            "screen_form": ScreenForm(),
            "may_screen": can(request.user, Action.SCREEN_JOURNAL),
            "may_retry": can(request.user, Action.EXPORT_ARCHIVE),
        },
    )


@require_POST
def screen(request: HttpRequest, journalpost_id: int) -> HttpResponse:
    form = ScreenForm(request.POST)
    try:
        post = Journalpost.objects.get(pk=journalpost_id)
    except Journalpost.DoesNotExist:
        raise Http404(_("No such journalpost.")) from None
    if not form.is_valid():
        messages.error(request, _("The form was not valid: %(errors)s") % {"errors": form.errors})
        return redirect("archive:journal")
    try:
        services.journalpost_screen(
            actor=request.user,
            journalpost=post,
            hjemmel=form.cleaned_data["hjemmel"],
            words=form.cleaned_data["words"].split(","),
        )
    except services.ArchiveError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Journalpost %(number)s screened.") % {"number": post.registrerings_id}
        )
    return redirect("archive:journal")


@require_POST
def delivery_retry(request: HttpRequest, delivery_id: int) -> HttpResponse:
    try:
        delivery = ArchiveDelivery.objects.get(pk=delivery_id)
    except ArchiveDelivery.DoesNotExist:
        raise Http404(_("No such delivery.")) from None
    try:
        services.delivery_retry(actor=request.user, delivery=delivery)
    except services.ArchiveError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The arkivmelding is being delivered again."))
    return redirect("archive:journal")


def innsyn(request: HttpRequest) -> HttpResponse:
    """Search every archived conversation, to answer a request for access."""
    query = request.GET.get("q", "")[:200]
    found = selectors.innsyn_search(actor=request.user, query=query)
    return render(request, "archive/innsyn.html", {"query": query, "found": found})


@login_not_required
def public_journal(request: HttpRequest) -> HttpResponse:
    """Offentlig journal (offentleglova § 10): open to everyone, names of private persons
    and exempt content screened."""
    period = PeriodForm(request.GET or None)
    start, end = period.period()
    lines = list(selectors.public_journal(start=start, end=end))
    return render(
        request,
        "archive/public_journal.html",
        {"lines": lines, "start": start, "end": end, "form": period},
    )


@login_not_required
def public_journal_xml(request: HttpRequest) -> HttpResponse:
    """The same period as offentligJournal.xml (Noark 5)."""
    start, end = PeriodForm(request.GET or None).period()
    try:
        source = selectors.DatabaseSource(start=start, end=end)
    except Noark5Error as exc:
        raise Http404(str(exc)) from None
    head = JournalHead(
        start=start,
        end=end,
        antall_journalposter=source.count_journalposter(),
        arkivskaper=source.arkiv.arkivskaper,
    )
    folder = Path(tempfile.mkdtemp(prefix="offentlig-journal-"))
    path = folder / "offentligJournal.xml"
    if not write_offentlig_journal(path, head, journal_entries(source)):
        raise Http404(_("No journalposter in this period."))
    handle = path.open("rb")
    path.unlink()  # the open handle keeps the content until the response is sent
    folder.rmdir()
    return FileResponse(
        handle,
        content_type="application/xml",
        filename=f"offentligJournal-{start}-{end}.xml",
    )

import datetime

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from somevakt.governance.selectors import (
    can_edit_content_plan,
    compliance_findings,
    content_plan,
    content_plan_pages,
)
from somevakt.governance.services import content_plan_week_set, secret_group_register
from somevakt.organisation.permissions import Action, can
from somevakt.sources.models import ChannelType
from somevakt.sources.selectors import channels_visible_to


class RegistrationForm(forms.Form):
    purpose = forms.CharField(label=gettext_lazy("What the group is for"), max_length=500)


def report(request: HttpRequest) -> HttpResponse:
    """The compliance report: every governance finding with since when and what to do."""
    return render(
        request,
        "governance/report.html",
        {
            "findings": compliance_findings(actor=request.user),
            "can_register": can(request.user, Action.REGISTER_SECRET_GROUP),
        },
    )


@require_POST
def register_secret_group(request: HttpRequest, slug: str) -> HttpResponse:
    channel = get_object_or_404(
        channels_visible_to(request.user), slug=slug, channel_type=ChannelType.SECRET_GROUP
    )
    form = RegistrationForm(request.POST)
    if form.is_valid():
        secret_group_register(
            actor=request.user, channel=channel, purpose=form.cleaned_data["purpose"]
        )
        messages.success(request, _("%(name)s is in the overview.") % {"name": channel.name})
    else:
        messages.error(request, _("Write what the group is for."))
    return redirect("governance:report")


class PlannedWeekForm(forms.Form):
    topic = forms.CharField(label=gettext_lazy("Planned topic"), max_length=300, required=False)
    responsible = forms.CharField(
        label=gettext_lazy("Who in the unit"), max_length=200, required=False
    )


def _local_page(request: HttpRequest, slug: str):
    return get_object_or_404(
        channels_visible_to(request.user), slug=slug, channel_type=ChannelType.LOCAL_PAGE
    )


def plans(request: HttpRequest) -> HttpResponse:
    """Every local page with this week of its content plan (L2, L4)."""
    return render(
        request, "governance/plans.html", {"pages": content_plan_pages(actor=request.user)}
    )


def plan(request: HttpRequest, slug: str) -> HttpResponse:
    """A local page's weekly content plan and whether it has posted each week (L2)."""
    channel = _local_page(request, slug)
    return render(
        request,
        "governance/plan.html",
        {
            "channel": channel,
            "weeks": content_plan(actor=request.user, channel=channel),
            "can_edit": can_edit_content_plan(request.user, channel),
        },
    )


@require_POST
def plan_week(request: HttpRequest, slug: str, week: str) -> HttpResponse:
    channel = _local_page(request, slug)
    try:
        monday = datetime.date.fromisoformat(week)
    except ValueError:
        raise Http404("no such week") from None
    form = PlannedWeekForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The topic or the name is too long."))
        return redirect("governance:plan", slug=slug)
    try:
        content_plan_week_set(
            actor=request.user,
            channel=channel,
            week=monday,
            topic=form.cleaned_data["topic"],
            responsible=form.cleaned_data["responsible"],
        )
    except ValueError:
        messages.error(request, _("Only this week and the weeks ahead can be planned."))
    else:
        messages.success(
            request, _("Week %(week)s is saved.") % {"week": monday.isocalendar().week}
        )
    return redirect("governance:plan", slug=slug)

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from somevakt.governance.selectors import compliance_findings
from somevakt.governance.services import secret_group_register
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

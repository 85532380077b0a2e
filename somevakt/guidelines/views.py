from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from somevakt.guidelines.selectors import (
    acknowledgement_of,
    acknowledgement_overview,
    guidelines_in_force,
)
from somevakt.guidelines.services import StaleGuidelines, guidelines_acknowledge
from somevakt.organisation.permissions import Action, can


class AcknowledgeForm(forms.Form):
    version = forms.CharField(max_length=100)


def detail(request: HttpRequest) -> HttpResponse:
    """The «Pass på»-plakaten in force, and the employee's own acknowledgement of it."""
    guidelines = guidelines_in_force(actor=request.user)
    return render(
        request,
        "guidelines/detail.html",
        {
            "guidelines": guidelines,
            "acknowledgement": acknowledgement_of(actor=request.user, guidelines=guidelines),
            "can_acknowledge": can(request.user, Action.ACKNOWLEDGE_GUIDELINES),
            "can_see_who": can(request.user, Action.VIEW_ACKNOWLEDGEMENTS),
        },
    )


@require_POST
def acknowledge(request: HttpRequest) -> HttpResponse:
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete; acknowledge the guidelines again."))
        return redirect("guidelines:detail")
    try:
        guidelines_acknowledge(actor=request.user, version=form.cleaned_data["version"])
    except StaleGuidelines:
        messages.error(
            request, _("A new version of the guidelines is in force. Read it and acknowledge it.")
        )
    else:
        messages.success(request, _("Thank you. You have acknowledged the guidelines."))
    return redirect("guidelines:detail")


def acknowledgements(request: HttpRequest) -> HttpResponse:
    """Who has and has not acknowledged the version in force (the informasjonsansvarlig)."""
    guidelines, rows = acknowledgement_overview(actor=request.user)
    missing = sum(1 for row in rows if row.acknowledged_at is None)
    return render(
        request,
        "guidelines/acknowledgements.html",
        {"guidelines": guidelines, "rows": rows, "missing": missing},
    )

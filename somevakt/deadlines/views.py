from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from somevakt.deadlines.selectors import (
    answer_figures,
    channels_in_crisis,
    due_soon_window,
    open_question_counts,
    open_questions,
    reminders_for,
)
from somevakt.deadlines.services import (
    crisis_end,
    crisis_start,
    question_answer_record,
    question_assign,
)
from somevakt.organisation.models import Role, Unit
from somevakt.organisation.permissions import Action, can
from somevakt.sources.selectors import channels_visible_to

PAGE_SIZE = 50


class AssignForm(forms.Form):
    user = forms.ModelChoiceField(
        label=gettext_lazy("Assign to"),
        queryset=User.objects.none(),
        required=False,
        empty_label=gettext_lazy("Nobody"),
    )
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit"),
        queryset=Unit.objects.order_by("name"),
        required=False,
        empty_label=gettext_lazy("No unit"),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            User.objects.filter(is_active=True, groups__name__in=[r.value for r in Role])
            .distinct()
            .order_by("first_name", "username")
        )
        self.fields["user"].label_from_instance = lambda u: u.get_full_name() or u.username


class CrisisForm(forms.Form):
    channels = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Channels"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=500)
    switch = forms.ChoiceField(choices=[("on", "on"), ("off", "off")], widget=forms.HiddenInput)

    def __init__(self, *args, actor, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["channels"].queryset = channels_visible_to(actor).order_by("name")


def overview(request: HttpRequest) -> HttpResponse:
    """Questions waiting for an answer, what is due soon or overdue per channel and
    person, crisis mode, and the figures on time to first answer (O5, L2, K1)."""
    actor = request.user
    now = timezone.now()
    waiting = Paginator(open_questions(actor=actor), PAGE_SIZE).get_page(request.GET.get("page"))
    per_channel, per_person = open_question_counts(actor=actor, now=now)
    figures = answer_figures(actor=actor, now=now)
    return render(
        request,
        "deadlines/overview.html",
        {
            "waiting": waiting,
            "now": now,
            "soon": now + due_soon_window(),
            "per_channel": per_channel,
            "per_person": per_person,
            "figures": figures,
            # The longest 90th percentile fills a bar; the others are drawn to its scale.
            "figures_scale": max((row.p90_minutes or 0 for row in figures), default=0) or 1,
            "crises": channels_in_crisis(actor=actor),
            "reminders": reminders_for(actor=actor),
            "assign_form": AssignForm(),
            "can_assign": can(actor, Action.ASSIGN_QUESTIONS),
            "can_declare": can(actor, Action.DECLARE_CRISIS),
            "crisis_form": CrisisForm(actor=actor),
        },
    )


@require_POST
def assign(request: HttpRequest, clock_id: int) -> HttpResponse:
    clock = get_object_or_404(open_questions(actor=request.user), pk=clock_id)
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a person from the list."))
    else:
        question_assign(
            actor=request.user,
            clock=clock,
            user=form.cleaned_data["user"],
            unit=form.cleaned_data["unit"],
        )
        messages.success(request, _("The question is assigned."))
    return redirect("deadlines:overview")


@require_POST
def answered(request: HttpRequest, clock_id: int) -> HttpResponse:
    clock = get_object_or_404(open_questions(actor=request.user), pk=clock_id)
    question_answer_record(actor=request.user, clock=clock)
    messages.success(request, _("The answer is recorded; the clock has stopped."))
    return redirect("deadlines:overview")


@require_POST
def crisis(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.DECLARE_CRISIS):
        raise PermissionDenied
    form = CrisisForm(request.POST, actor=request.user)
    if not form.is_valid():
        messages.error(request, _("Choose at least one channel and write the reason."))
        return redirect("deadlines:overview")
    switch = crisis_start if form.cleaned_data["switch"] == "on" else crisis_end
    changed = switch(
        actor=request.user,
        channels=list(form.cleaned_data["channels"]),
        reason=form.cleaned_data["reason"],
    )
    messages.success(
        request, _("Crisis mode changed on %(count)s channels.") % {"count": len(changed)}
    )
    return redirect("deadlines:overview")

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from somevakt.inbox.models import Author, Item
from somevakt.moderation import services
from somevakt.moderation.models import AuthorFeedback, Ban, ModerationCase
from somevakt.moderation.selectors import (
    approvals_pending,
    author_get,
    author_history,
    case_get,
    case_history,
    case_possible_steps,
    case_queue,
)
from somevakt.organisation.permissions import Action, can, require
from somevakt.policy.rules import RULE_IDS
from somevakt.policy.selectors import policy_in_force
from somevakt.sources.selectors import channels_visible_to

PAGE_SIZE = 50


class StepForm(forms.Form):
    reason = forms.CharField(required=False, max_length=2000)
    text = forms.CharField(required=False, max_length=8000)
    rules = forms.MultipleChoiceField(required=False, choices=[(rule, rule) for rule in RULE_IDS])


CASE_STEPS = {
    "leave": lambda actor, case, data: services.case_leave(
        actor=actor, case=case, reason=data["reason"]
    ),
    "hide": lambda actor, case, data: services.case_hide(
        actor=actor, case=case, reason=data["reason"]
    ),
    "unhide": lambda actor, case, data: services.case_unhide(
        actor=actor, case=case, reason=data["reason"]
    ),
    "answer": lambda actor, case, data: services.case_answer(
        actor=actor, case=case, text=data["text"]
    ),
    "propose": lambda actor, case, data: services.case_propose_deletion(
        actor=actor, case=case, rules=data["rules"], reason=data["reason"]
    ),
    "approve": lambda actor, case, data: services.case_approve(
        actor=actor, case=case, reason=data["reason"]
    ),
    "reject": lambda actor, case, data: services.case_reject(
        actor=actor, case=case, reason=data["reason"]
    ),
    "retry": lambda actor, case, data: services.case_retry(actor=actor, case=case),
}
CASE_DONE = {
    "leave": gettext_lazy("Case %(case)s left as it is."),
    "hide": gettext_lazy("Case %(case)s: the item is being hidden."),
    "unhide": gettext_lazy("Case %(case)s: the item is being shown again."),
    "answer": gettext_lazy("Case %(case)s: the answer is being sent."),
    "propose": gettext_lazy("Case %(case)s: deletion proposed to the informasjonsansvarlig."),
    "approve": gettext_lazy("Case %(case)s: deletion approved; it is being carried out."),
    "reject": gettext_lazy("Case %(case)s: deletion rejected."),
    "retry": gettext_lazy("Case %(case)s: trying again."),
}

BAN_STEPS = {
    "approve": lambda actor, ban, data: services.ban_approve(
        actor=actor, ban=ban, reason=data["reason"]
    ),
    "reject": lambda actor, ban, data: services.ban_reject(
        actor=actor, ban=ban, reason=data["reason"]
    ),
    "lift": lambda actor, ban, data: services.ban_lift(actor=actor, ban=ban, reason=data["reason"]),
    "retry": lambda actor, ban, data: services.ban_retry(actor=actor, ban=ban),
}


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = fallback
    return redirect(target or fallback)


def _run(request: HttpRequest, step, target, done: str, fallback: str) -> HttpResponse:
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was not valid: %(errors)s") % {"errors": form.errors})
        return _back(request, fallback)
    try:
        step(request.user, target, form.cleaned_data)
    except services.ModerationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return _back(request, fallback)


def queue(request: HttpRequest) -> HttpResponse:
    cases = case_queue(actor=request.user)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "moderation/queue.html", {"page": page})


def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    try:
        case = case_get(actor=request.user, case_id=case_id)
    except ModerationCase.DoesNotExist:
        raise Http404(_("No such case, or it is in a secret group you are not in.")) from None
    policy = policy_in_force().policy
    return render(
        request,
        "moderation/case_detail.html",
        {
            "case": case,
            "item": case.item,
            "screening": (case.item.screening_now or [None])[0],
            "history": case_history(case),
            "steps": case_possible_steps(case),
            "rules": [(rule_id, rule) for rule_id, rule in policy.rules.items()],
            "cited": set(case.proposed_rules or case.rules),
            "may_approve": can(request.user, Action.APPROVE),
            "feedback": AuthorFeedback.objects.filter(case=case).first(),
            "record": getattr(case, "deletion_record", None),
        },
    )


@require_POST
def case_step(request: HttpRequest, case_id: int, step: str) -> HttpResponse:
    if step not in CASE_STEPS:
        raise Http404(_("No such step."))
    try:
        case = case_get(actor=request.user, case_id=case_id)
    except ModerationCase.DoesNotExist:
        raise Http404(_("No such case.")) from None
    done = CASE_DONE[step] % {"case": case.pk}
    fallback = redirect("moderation:case", case_id=case.pk).url
    return _run(request, CASE_STEPS[step], case, done, fallback)


@require_POST
def item_report(request: HttpRequest, item_id: int) -> HttpResponse:
    require(request.user, Action.REPORT_ITEM)
    try:
        item = Item.objects.get(pk=item_id, channel__in=channels_visible_to(request.user))
    except Item.DoesNotExist:
        raise Http404(_("No such item.")) from None
    fallback = redirect("inbox:thread", thread_id=item.thread_id).url

    def report(actor, item, data):
        return services.case_report(
            actor=actor, item=item, note=data["reason"], rules=data["rules"]
        )

    return _run(request, report, item, _("Reported to the moderators."), fallback)


def approvals(request: HttpRequest) -> HttpResponse:
    cases, bans = approvals_pending(actor=request.user)
    return render(request, "moderation/approvals.html", {"cases": cases, "bans": bans})


def author_detail(request: HttpRequest, author_id: int) -> HttpResponse:
    try:
        author = author_get(actor=request.user, author_id=author_id)
    except Author.DoesNotExist:
        raise Http404(_("No such author.")) from None
    history = author_history(actor=request.user, author=author)
    rules = policy_in_force().policy.rules
    return render(
        request,
        "moderation/author_detail.html",
        {
            "author": author,
            "rules": list(rules.items()),
            "perms_approve": can(request.user, Action.APPROVE),
            **history,
        },
    )


@require_POST
def ban_propose_view(request: HttpRequest, author_id: int) -> HttpResponse:
    try:
        author = author_get(actor=request.user, author_id=author_id)
    except Author.DoesNotExist:
        raise Http404(_("No such author.")) from None

    def propose(actor, author, data):
        return services.ban_propose(
            actor=actor, author=author, rules=data["rules"], reason=data["reason"]
        )

    fallback = redirect("moderation:author", author_id=author.pk).url
    return _run(request, propose, author, _("Ban proposed."), fallback)


@require_POST
def ban_step(request: HttpRequest, ban_id: int, step: str) -> HttpResponse:
    if step not in BAN_STEPS:
        raise Http404(_("No such step."))
    try:
        ban = Ban.objects.get(pk=ban_id)
    except Ban.DoesNotExist:
        raise Http404(_("No such ban.")) from None
    fallback = redirect("moderation:author", author_id=ban.author_id).url
    return _run(request, BAN_STEPS[step], ban, _("Ban %(ban)s: done.") % {"ban": ban.pk}, fallback)


@require_POST
def feedback_sent(request: HttpRequest, feedback_id: int) -> HttpResponse:
    try:
        feedback = AuthorFeedback.objects.get(pk=feedback_id)
    except AuthorFeedback.DoesNotExist:
        raise Http404(_("No such feedback.")) from None
    fallback = redirect("moderation:case", case_id=feedback.case_id).url

    def mark(actor, feedback, data):
        return services.feedback_mark_sent(actor=actor, feedback=feedback)

    return _run(request, mark, feedback, _("Marked as sent."), fallback)

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from somevakt.organisation.permissions import Action, can
from somevakt.servicedesk.selectors import answer_templates, service_desk_list, taggable_items
from somevakt.servicedesk.services import (
    answer_template_create,
    item_tag_for_service_desk,
    service_desk_tag_handle,
)


class TagForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note for the service desk"), required=False, max_length=1000
    )


class TemplateForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    text = forms.CharField(label=gettext_lazy("Answer (in Norwegian)"), widget=forms.Textarea)


def service_desk(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "servicedesk/list.html",
        {
            "waiting": service_desk_list(actor=request.user),
            "handled": service_desk_list(actor=request.user, handled=True)[:20],
            "templates": answer_templates(actor=request.user),
            "template_form": TemplateForm(),
            "can_handle": can(request.user, Action.HANDLE_SERVICE_DESK),
            "can_write_templates": can(request.user, Action.MANAGE_ANSWER_TEMPLATES),
        },
    )


@require_POST
def tag(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_object_or_404(taggable_items(actor=request.user), pk=item_id)
    form = TagForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Not tagged: %(errors)s") % {"errors": form.errors["note"][0]})
        return redirect("inbox:thread", item.thread_id)
    item_tag_for_service_desk(actor=request.user, item=item, note=form.cleaned_data["note"])
    messages.success(request, _("Tagged for the service desk."))
    return redirect("inbox:thread", item.thread_id)


@require_POST
def handle(request: HttpRequest, tag_id: int) -> HttpResponse:
    tag = get_object_or_404(service_desk_list(actor=request.user), pk=tag_id)
    service_desk_tag_handle(actor=request.user, tag=tag)
    messages.success(request, _("Marked as handled."))
    return redirect("servicedesk:list")


@require_POST
def template_create(request: HttpRequest) -> HttpResponse:
    form = TemplateForm(request.POST)
    if form.is_valid():
        try:
            answer_template_create(actor=request.user, **form.cleaned_data)
            messages.success(request, _("The answer template is saved."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Write a title and the answer."))
    return redirect("servicedesk:list")

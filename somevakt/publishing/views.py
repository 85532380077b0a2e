from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from somevakt.organisation.permissions import Action, can, require
from somevakt.publishing import services
from somevakt.publishing.forms import PostForm, ReasonForm, UpdateForm
from somevakt.publishing.models import Post, PostState, TargetState
from somevakt.publishing.selectors import (
    post_busy,
    post_get,
    post_list,
    post_warnings,
    publishable_channels,
    review_queue,
    text_warnings,
)

PAGE_SIZE = 50


def post_list_view(request: HttpRequest) -> HttpResponse:
    posts = Paginator(post_list(actor=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "publishing/list.html", {"page": posts})


def _get(request: HttpRequest, post_id: int) -> Post:
    try:
        return post_get(actor=request.user, post_id=post_id)
    except Post.DoesNotExist:
        raise Http404(_("No such post.")) from None


def _write(request: HttpRequest, post: Post | None) -> HttpResponse:
    channels = publishable_channels(actor=request.user)
    initial = {}
    if post is not None:
        initial = {
            "text": post.text,
            "channels": [target.channel for target in post.targets.all()],
            "publish_at": post.publish_at,
            "is_crisis": post.is_crisis,
        }
    form = PostForm(request.POST or None, channels=channels, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            "text": data["text"],
            "channels": list(data["channels"]),
            "publish_at": data["publish_at"],
            "is_crisis": data["is_crisis"],
        }
        try:
            if post is None:
                post = services.post_create(actor=request.user, **fields)
            else:
                post = services.post_edit(actor=request.user, post=post, **fields)
            if "submit" in request.POST:
                post = services.post_submit(actor=request.user, post=post)
        except services.PublishingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, SUBMITTED[post.state] % {"post": post.pk})
            return redirect("publishing:post", post_id=post.pk)
    warnings = post_warnings(post) if post is not None else []
    return render(
        request, "publishing/write.html", {"form": form, "post": post, "warnings": warnings}
    )


SUBMITTED = {
    PostState.DRAFT: gettext_lazy("Post %(post)s saved as a draft."),
    PostState.IN_REVIEW: gettext_lazy("Post %(post)s sent to the informasjonsansvarlig."),
    PostState.SCHEDULED: gettext_lazy("Post %(post)s is scheduled."),
    PostState.PUBLISHED: gettext_lazy("Post %(post)s is published."),
    PostState.FAILED: gettext_lazy("Post %(post)s failed."),
}


@require_POST
def post_check(request: HttpRequest) -> HttpResponse:
    """The pre-publish check of the text being written (htmx, as the author types)."""
    require(request.user, Action.WRITE_POST)
    text = request.POST.get("text", "")[:63206]
    chosen = publishable_channels(actor=request.user).filter(
        pk__in=[pk for pk in request.POST.getlist("channels") if pk.isdigit()]
    )
    channel = chosen.select_related("unit").first()
    warnings = text_warnings(text, sender=channel.unit.name if channel else "")
    return render(request, "publishing/_warnings.html", {"warnings": warnings, "post": None})


def post_new(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.WRITE_POST)
    return _write(request, None)


def post_edit_view(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _get(request, post_id)
    if post.state != PostState.DRAFT:
        messages.error(request, _("Only a draft can be edited; a published post is updated."))
        return redirect("publishing:post", post_id=post.pk)
    return _write(request, post)


def post_detail(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _get(request, post_id)
    return render(
        request,
        "publishing/detail.html",
        {
            "post": post,
            "busy": post_busy(post),
            "has_failed": any(t.state == TargetState.FAILED for t in post.targets.all()),
            "warnings": post_warnings(post) if post.published_at is None else [],
            "may_approve": can(request.user, Action.APPROVE_POST),
            "update_form": UpdateForm(initial={"text": post.text}),
        },
    )


def post_status(request: HttpRequest, post_id: int) -> HttpResponse:
    """The per-channel status, which refreshes itself (htmx) while a platform is busy."""
    post = _get(request, post_id)
    return render(request, "publishing/_targets.html", {"post": post, "busy": post_busy(post)})


def review(request: HttpRequest) -> HttpResponse:
    posts = list(review_queue(actor=request.user))
    return render(
        request,
        "publishing/review.html",
        {"posts": [(post, post_warnings(post)) for post in posts]},
    )


STEPS = {
    "submit": lambda actor, post, data: services.post_submit(actor=actor, post=post),
    "approve": lambda actor, post, data: services.post_approve(
        actor=actor, post=post, note=data["reason"]
    ),
    "send_back": lambda actor, post, data: services.post_send_back(
        actor=actor, post=post, reason=data["reason"]
    ),
    "pin": lambda actor, post, data: services.post_pin(actor=actor, post=post, pinned=True),
    "unpin": lambda actor, post, data: services.post_pin(actor=actor, post=post, pinned=False),
    "retry": lambda actor, post, data: services.post_retry(actor=actor, post=post),
    "update": lambda actor, post, data: services.post_update(
        actor=actor, post=post, text=data["text"], reason=data["reason"]
    ),
}
DONE = {
    "submit": gettext_lazy("Post %(post)s submitted."),
    "approve": gettext_lazy("Post %(post)s approved; it is published at its time."),
    "send_back": gettext_lazy("Post %(post)s sent back to its author."),
    "pin": gettext_lazy("Post %(post)s pinned."),
    "unpin": gettext_lazy("Post %(post)s no longer pinned."),
    "retry": gettext_lazy("Post %(post)s: trying the failed channels again."),
    "update": gettext_lazy("Post %(post)s updated; the new version is being sent."),
}


@require_POST
def post_step(request: HttpRequest, post_id: int, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404(_("No such step."))
    post = _get(request, post_id)
    reason = ReasonForm(request.POST)
    update = UpdateForm(request.POST) if step == "update" else None
    if not reason.is_valid() or (update is not None and not update.is_valid()):
        messages.error(request, _("The form was not valid; write the text and a short reason."))
        return redirect("publishing:post", post_id=post.pk)
    data = {**reason.cleaned_data, **(update.cleaned_data if update else {})}
    try:
        STEPS[step](request.user, post, data)
    except services.PublishingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, DONE[step] % {"post": post.pk})
    if step in ("approve", "send_back") and request.POST.get("next") == "review":
        return redirect("publishing:review")
    return redirect("publishing:post", post_id=post.pk)

"""The webhook receiver, and the page where the informasjonsansvarlig connects accounts.

Webhooks: ingestion does NOT happen in the request. The request checks the size and the
signature, checks that the body is JSON of the platform's shape, stores it
(WebhookDelivery), queues an ingest task for the workers and answers 200; the workers
(db_worker or RQ workers, as many as run) turn stored deliveries into items in batches,
and `manage.py connectors ingest --follow` sweeps up any whose task was lost. The body is
committed before the 200 goes out, so nothing is lost if a process dies after answering
or the queue is down; and the request path stays one INSERT and one enqueue, which keeps
it fast under Meta's bursts and retries (Meta gives up on slow hooks).
"""

import json
import logging

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from somevakt.connectors import services
from somevakt.connectors.base import CONNECTORS, IngestMode, connector_class
from somevakt.connectors.models import ConnectedAccount
from somevakt.connectors.selectors import accounts_overview, raw_events_reported
from somevakt.core.json import loads_storable
from somevakt.organisation.permissions import Action, require
from somevakt.sources.models import Channel

logger = logging.getLogger(__name__)


def _refuse(status: int, reason: str) -> JsonResponse:
    return JsonResponse({"error": reason}, status=status)


@csrf_exempt
@login_not_required
def webhook(request: HttpRequest, platform: str) -> HttpResponse:
    if (
        platform not in CONNECTORS
        or IngestMode.WEBHOOK not in connector_class(platform).ingest_modes
    ):
        return _refuse(404, f"no webhook for platform '{platform}'")
    if request.method == "GET":
        return _handshake(request, platform)
    if request.method != "POST":
        return _refuse(405, "use GET for the subscription handshake and POST for events")
    from django.conf import settings

    limit = settings.SOMEVAKT_WEBHOOK_MAX_BYTES
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return _refuse(400, "Content-Length is not a number")
    if length > limit:
        return _refuse(413, f"the body has {length} bytes; at most {limit} are accepted")
    body = request.read(limit + 1)
    if len(body) > limit:
        return _refuse(413, f"the body is larger than {limit} bytes")
    connector = connector_class(platform)
    try:
        app_secrets, _tokens = services.webhook_secrets(platform)
    except ImproperlyConfigured as exc:
        logger.error("%s webhook cannot be checked: %s", platform, exc)
        return _refuse(503, "the stored app secret cannot be read; see the server log")
    if not any(
        connector.verify_signature(body=body, headers=request.headers, secret=secret)
        for secret in app_secrets
    ):
        given = "missing" if "X-Hub-Signature-256" not in request.headers else "wrong"
        # Logged without the body: it has not been shown to come from the platform.
        logger.warning(
            "%s webhook refused: %s signature (%s bytes from %s)",
            platform,
            given,
            len(body),
            request.META.get("REMOTE_ADDR", "?"),
        )
        return _refuse(403, f"{given} signature")
    try:
        payload = loads_storable(body.decode("utf-8"))
    except UnicodeDecodeError:
        return _refuse(400, "the body is not UTF-8")
    except json.JSONDecodeError as exc:
        return _refuse(
            400, f"the body is not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        )
    problem = connector.webhook_shape_problem(payload)
    if problem:
        return _refuse(400, problem)
    delivery_id = services.webhook_delivery_store(
        platform=platform, body=body, signature=request.headers.get("X-Hub-Signature-256", "")
    )
    if delivery_id is not None:
        services.webhook_delivery_enqueue(delivery_id)
    return HttpResponse("OK", content_type="text/plain")


def _handshake(request: HttpRequest, platform: str) -> HttpResponse:
    """Meta's subscription check: echo hub.challenge if the verify token is ours."""
    try:
        _secrets, tokens = services.webhook_secrets(platform)
    except ImproperlyConfigured as exc:
        logger.error("%s webhook handshake cannot be checked: %s", platform, exc)
        return _refuse(503, "the stored verify token cannot be read; see the server log")
    token = request.GET.get("hub.verify_token", "")
    if request.GET.get("hub.mode") != "subscribe" or not any(
        _same(token, known) for known in tokens
    ):
        logger.warning("%s webhook handshake refused", platform)
        return _refuse(403, "unknown verify token")
    return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")


def _same(given: str, known: str) -> bool:
    import hmac

    return hmac.compare_digest(given.encode(), known.encode())


# --- connecting accounts ------------------------------------------------------------------


class AccountForm(forms.Form):
    channel = forms.ModelChoiceField(
        label=gettext_lazy("Channel"), queryset=Channel.objects.none(), empty_label=None
    )
    account_id = forms.CharField(
        label=gettext_lazy("Page or account id on the platform"), max_length=200
    )
    app_id = forms.CharField(label=gettext_lazy("App id"), max_length=200, required=False)
    access_token = forms.CharField(
        label=gettext_lazy("Access token"),
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    app_secret = forms.CharField(
        label=gettext_lazy("App secret"),
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    verify_token = forms.CharField(
        label=gettext_lazy("Webhook verify token"),
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    api_base_url = forms.URLField(
        label=gettext_lazy("API address (leave empty for the platform's own)"),
        required=False,
        assume_scheme="https",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].queryset = Channel.objects.filter(
            platform__in=list(CONNECTORS)
        ).order_by("name")


def accounts(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_CHANNELS)
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = services.account_connect(
                actor=request.user,
                channel=data["channel"],
                account_id=data["account_id"],
                app_id=data["app_id"],
                api_base_url=data["api_base_url"],
                secrets=services.AccountSecrets(
                    access_token=data["access_token"],
                    app_secret=data["app_secret"],
                    verify_token=data["verify_token"],
                ),
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                _("%(channel)s is connected; its secrets are stored encrypted.")
                % {"channel": account.channel.name},
            )
            return redirect("connectors:accounts")
    return render(
        request,
        "connectors/accounts.html",
        {
            "form": form,
            "accounts": accounts_overview(),
            "reported": raw_events_reported(),
        },
    )


@require_POST
def account_step(request: HttpRequest, account_id: int, step: str) -> HttpResponse:
    account = get_object_or_404(ConnectedAccount, pk=account_id)
    try:
        if step == "test":
            account = services.account_test(actor=request.user, account=account)
            (messages.success if account.last_test_ok else messages.error)(
                request, account.last_test_result
            )
        elif step == "backfill":
            services.account_backfill_start(actor=request.user, account=account)
            messages.success(request, _("Fetching the history has started."))
        else:
            raise Http404(_("No such step."))
    except PermissionDenied:
        raise
    return redirect("connectors:accounts")

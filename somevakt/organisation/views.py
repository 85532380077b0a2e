import base64

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from somevakt.organisation.services import (
    TwoFactorError,
    totp_enrolment_confirm,
    totp_enrolment_start,
    two_factor_verify,
)

ENROLMENT_SESSION_KEY = "somevakt_totp_enrolment"


class CodeForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return "/"


def two_factor(request: HttpRequest) -> HttpResponse:
    """The second step of the login: a code from the authenticator app or a backup code."""
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor_verify(user=request.user, token=form.cleaned_data["token"])
        except TwoFactorError as exc:
            form.add_error("token", str(exc))
        else:
            otp_login(request, device)
            return redirect(_next(request))
    return render(request, "registration/two_factor.html", {"form": form, "next": _next(request)})


def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code (drawn here, nothing fetched), type a code."""
    device = TOTPDevice.objects.filter(
        pk=request.session.get(ENROLMENT_SESSION_KEY), user=request.user, confirmed=False
    ).first()
    if device is None or request.method == "GET":
        device = totp_enrolment_start(user=request.user)
        request.session[ENROLMENT_SESSION_KEY] = device.pk
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = totp_enrolment_confirm(
                user=request.user, device=device, token=form.cleaned_data["token"]
            )
        except TwoFactorError as exc:
            form.add_error("token", str(exc))
        else:
            del request.session[ENROLMENT_SESSION_KEY]
            otp_login(request, device)
            messages.success(request, _("Two-factor login is on."))
            return render(
                request, "registration/backup_codes.html", {"codes": codes, "next": _next(request)}
            )
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "next": _next(request),
        # segno writes the SVG itself: no script, no style, nothing fetched.
        "qr_svg": mark_safe(qr.svg_inline(scale=4, title=str(_("QR code for your app")))),  # noqa: S308
        "secret": _base32(device.bin_key),
    }
    return render(request, "registration/two_factor_enrol.html", context)


def _base32(key: bytes) -> str:
    encoded = base64.b32encode(key).decode().rstrip("=")
    return " ".join(encoded[i : i + 4] for i in range(0, len(encoded), 4))


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """What django-axes answers a locked-out login with (429), in the product's language."""
    context = {"cooloff_hours": settings.AXES_COOLOFF_TIME}
    return render(request, "registration/locked_out.html", context, status=429)

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import user_has_device

from somevakt.organisation.permissions import two_factor_required


class TwoFactorRequiredMiddleware:
    """After the password, a user whose roles need a second factor reaches nothing (pages,
    admin, API) until they have verified one in this session; they enrol on first login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and two_factor_required(user)
            and not self._open(request.path_info)
        ):
            if request.path_info.startswith("/api/"):
                detail = "Two-factor login required: verify a code at /accounts/two-factor/."
                return JsonResponse({"detail": detail}, status=403)
            step = "two_factor" if user_has_device(user) else "two_factor_enrol"
            return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _open(path: str) -> bool:
        open_paths = (reverse("two_factor"), reverse("two_factor_enrol"), reverse("logout"))
        return path in open_paths or path.startswith(("/i18n/", "/" + settings.STATIC_URL))

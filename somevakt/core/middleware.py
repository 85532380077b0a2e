from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.shortcuts import render

from somevakt.policy.selectors import PolicyNotLoaded


class PagesLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Every page needs a login; the API answers 401 on its own instead of redirecting."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class PolicyNotLoadedMiddleware:
    """A page that needs the policy before one is loaded says so (503), in every room."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PolicyNotLoaded):
            return render(request, "policy/not_loaded.html", {"reason": exception}, status=503)
        return None


class PermissionsPolicyMiddleware:
    """Browser features somevakt never uses stay off for every page (PERMISSIONS_POLICY)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def client_ip(request) -> str | None:
    """The client's address for login throttling: behind SOMEVAKT_TRUSTED_PROXY_COUNT
    reverse proxies, the entry of X-Forwarded-For the nearest trusted proxy wrote."""
    count = settings.SOMEVAKT_TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR")

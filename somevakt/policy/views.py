from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from somevakt.policy.selectors import PolicyNotLoaded, policy_versions


def policy_detail(request: HttpRequest) -> HttpResponse:
    """The policy in force, every rule under its heading with its id as anchor (#D7)."""
    versions = list(policy_versions(actor=request.user)[:20])
    if not versions:
        return render(request, "policy/not_loaded.html", {"reason": PolicyNotLoaded()}, status=503)
    return render(
        request, "policy/policy_detail.html", {"version": versions[0], "versions": versions}
    )

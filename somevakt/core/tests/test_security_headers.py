"""Security headers and the content security policy on pages, the API and the login;
no template carries an inline script, style or event handler the policy would block."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from conftest import log_in
from somevakt.organisation.models import Role

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "somevakt" / "templates"
# Rendered into the weekly PDF and innsyn PDFs by WeasyPrint, never served.
PRINT_ONLY = {"reports/weekly_pdf.html", "privacy/export_pdf.html"}


def assert_hardened(response) -> None:
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "style-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]


def test_pages_the_api_and_the_login_send_the_security_headers(make_user, policy):
    anonymous = Client()
    assert_hardened(anonymous.get("/accounts/login/"))
    client = Client()
    log_in(client, make_user(Role.INFORMASJONSANSVARLIG))
    for path in ("/inbox/", "/moderation/", "/reports/", "/api/items", "/api/docs"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_hardened(response)


def test_no_served_template_has_inline_scripts_styles_or_handlers():
    offenders = []
    for template in TEMPLATES.rglob("*.html"):
        name = template.relative_to(TEMPLATES).as_posix()
        if name in PRINT_ONLY:
            continue
        text = template.read_text(encoding="utf-8")
        for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"<style\b", r"\sstyle=", r"\son\w+="):
            if re.search(pattern, text):
                offenders.append(f"{name}: {pattern}")
    assert offenders == []

"""Two-factor login for the informasjonsansvarlig and the arkivar (django-otp, TOTP), tested
through the real login form, the real enrolment page and real codes."""

import re

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD, log_in, totp_code, totp_device
from somevakt.audit.models import AuditEntry
from somevakt.organisation.models import Role

pytestmark = pytest.mark.django_db


def password_login(client: Client, user) -> None:
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def test_after_the_password_the_informasjonsansvarlig_reaches_nothing_before_enrolling(make_user):
    client = Client()
    password_login(client, make_user(Role.INFORMASJONSANSVARLIG))
    response = client.get("/moderation/approvals/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/enrol/")
    assert client.get("/admin/").status_code == 302
    api = client.get("/api/items")
    assert api.status_code == 403 and "Two-factor" in api.json()["detail"]


def test_enrolment_shows_a_qr_code_drawn_here_and_needs_a_right_code(make_user):
    user = make_user(Role.ARKIVAR)
    client = Client()
    password_login(client, user)
    page = client.get("/accounts/two-factor/enrol/")
    html = page.content.decode()
    assert "Sett opp innlogging med to faktorer" in html
    svg = html.split("<svg", 1)[1].split("</svg>")[0]
    assert "<path" in svg
    assert "http" not in svg.replace("http://www.w3.org", "")  # drawn here, nothing fetched
    device = TOTPDevice.objects.get(user=user, confirmed=False)

    wrong = client.post("/accounts/two-factor/enrol/", {"token": "000000"})
    assert "Koden stemmer ikke" in wrong.content.decode()
    assert client.get("/archive/").status_code == 302

    right = client.post(
        "/accounts/two-factor/enrol/", {"token": totp_code(device), "next": "/archive/"}
    )
    assert right.status_code == 200
    codes = re.findall(r"<code>(\w+)</code>", right.content.decode())
    assert len(codes) == 10
    assert client.get("/archive/").status_code == 200
    assert AuditEntry.objects.filter(
        action="organisation.two_factor_enrolled", target_id=str(user.pk)
    ).exists()


def test_a_wrong_code_is_refused_and_the_right_one_lets_the_user_in(make_user):
    user = make_user(Role.INFORMASJONSANSVARLIG)
    device = totp_device(user)
    client = Client()
    password_login(client, user)
    assert client.get("/inbox/")["Location"].startswith("/accounts/two-factor/?")

    wrong = client.post("/accounts/two-factor/", {"token": "123456", "next": "/inbox/"})
    assert wrong.status_code == 200
    assert "Koden stemmer ikke" in wrong.content.decode()
    assert client.get("/inbox/").status_code == 302

    right = client.post("/accounts/two-factor/", {"token": totp_code(device), "next": "/inbox/"})
    assert right.status_code == 302 and right["Location"] == "/inbox/"
    assert client.get("/inbox/").status_code == 200
    assert client.get("/api/items").status_code == 200


def test_a_backup_code_works_once(make_user):
    user = make_user(Role.ARKIVAR)
    client = Client()
    password_login(client, user)
    client.get("/accounts/two-factor/enrol/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    codes = re.findall(
        r"<code>(\w+)</code>",
        client.post("/accounts/two-factor/enrol/", {"token": totp_code(device)}).content.decode(),
    )

    for attempt in ("first", "second"):
        other = Client()
        password_login(other, user)
        response = other.post("/accounts/two-factor/", {"token": codes[0], "next": "/archive/"})
        if attempt == "first":
            assert response.status_code == 302
            assert other.get("/archive/").status_code == 200
        else:
            assert response.status_code == 200  # refused: each backup code works once
            assert other.get("/archive/").status_code == 302
    assert AuditEntry.objects.filter(action="organisation.backup_code_used").count() == 1


def test_roles_without_the_keys_log_in_with_the_password_alone(make_user):
    client = Client()
    password_login(client, make_user(Role.ADMIN))
    assert client.get("/inbox/").status_code == 200


def test_the_shared_helper_verifies_a_real_device_on_the_client(make_user):
    user = make_user(Role.INFORMASJONSANSVARLIG)
    client = Client()
    log_in(client, user)
    assert client.get("/moderation/approvals/").status_code == 200
    assert TOTPDevice.objects.get(user=user).last_t > 0  # a real code was verified


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_informasjonsansvarlig_logs_in_with_a_code_in_the_browser(page, make_user, policy):
    user = make_user(Role.INFORMASJONSANSVARLIG, username="ingrid")
    log_in(page, user)
    page.goto("/moderation/approvals/")
    assert page.url.endswith("/moderation/approvals/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_enrolment_in_the_browser_has_no_content_security_violations(
    page, make_user, axe_violations, policy
):
    user = make_user(Role.ARKIVAR, username="per")
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto("/accounts/login/")
    page.locator("#id_username").fill("per")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.login button[type=submit]").click()
    page.wait_for_url("**/accounts/two-factor/enrol/**")
    assert page.locator("figure.qr svg").is_visible()
    assert axe_violations(page) == []
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page.locator("#id_token").fill(totp_code(device))
    page.locator("form.login button[type=submit]").click()
    page.get_by_role("heading", name="Reservekoder").wait_for()
    assert page.locator(".backup-codes li").count() == 10
    assert violations == []

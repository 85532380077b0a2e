"""Fixtures shared by every room's tests: staff in each role, a unit, channels, events."""

import datetime
import itertools
import os
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from somevakt.inbox.events import ItemEvent
from somevakt.organisation.models import Role, Unit
from somevakt.sources.models import Channel, ChannelType, Platform

_counter = itertools.count(1)

# Property tests without their own budget run 100 examples in `make test`; `make fuzz`
# (HYPOTHESIS_PROFILE=fuzz) runs 5,000 each. No deadline: the 2 shared cores make timings vary.
hypothesis_settings.register_profile("default", max_examples=100, deadline=None)
hypothesis_settings.register_profile("fuzz", max_examples=5000, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (bokmål), whatever a request before it set."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def make_user(db):
    def make(*roles: Role, username: str | None = None, password: str = "pw-for-tests-1") -> User:
        user = User.objects.create_user(
            username=username or f"user{next(_counter)}", password=password
        )
        # Transactional (browser) tests flush the groups the migration created.
        user.groups.set([Group.objects.get_or_create(name=role.value)[0] for role in roles])
        return user

    return make


@pytest.fixture
def informasjonsansvarlig(make_user):
    return make_user(Role.INFORMASJONSANSVARLIG, username="ingrid")


@pytest.fixture
def admin_user(make_user):
    return make_user(Role.ADMIN, username="arne")


@pytest.fixture
def unit(db):
    return Unit.objects.create(name="Informasjonsenheten")


@pytest.fixture
def make_channel(unit):
    def make(
        channel_type: ChannelType = ChannelType.MAIN_PAGE,
        platform: Platform = Platform.FACEBOOK,
        external_id: str | None = None,
        **fields,
    ) -> Channel:
        number = next(_counter)
        return Channel.objects.create(
            name=fields.pop("name", f"Kanal {number}"),
            slug=fields.pop("slug", f"kanal-{number}"),
            channel_type=channel_type,
            platform=platform,
            external_id=external_id or f"page{number}",
            unit=fields.pop("unit", unit),
            **fields,
        )

    return make


@pytest.fixture
def main_page(make_channel):
    return make_channel(ChannelType.MAIN_PAGE, external_id="100200300", name="Rakkestad kommune")


T0 = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC)
OSLO = ZoneInfo("Europe/Oslo")


def oslo(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=OSLO)


@pytest.fixture
def policy(db):
    """The shipped default policy, in force."""
    from somevakt.policy.services import policy_load

    return policy_load(path=settings.SOMEVAKT_DEFAULT_POLICY, actor=None)


@pytest.fixture
def ingest(main_page, make_event, policy):
    """Ingest an item on the main page at an Oslo time; returns the ingestion's result."""
    from somevakt.inbox.services import item_ingest

    def ingest_at(external_id: str, at: datetime.datetime, **fields):
        moment = at.astimezone(datetime.UTC)
        return item_ingest(
            event=make_event(external_id, published_at=moment, occurred_at=moment, **fields)
        )

    return ingest_at


@pytest.fixture
def make_event():
    """An ItemEvent on the main page (external id 100200300) with sensible defaults."""

    def make(external_id: str = "100200300_1", **fields) -> ItemEvent:
        values = {
            "platform": "facebook",
            "channel": "100200300",
            "external_id": external_id,
            "kind": "post",
            "author": {"id": "u1", "name": "Kari Nordmann"},
            "text": "Når blir Storgata brøytet?",
            "published_at": T0,
            "occurred_at": T0,
        }
        values.update(fields)
        return ItemEvent.model_validate(values)

    return make


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; CI (SOMEVAKT_REQUIRE_BROWSER=1) needs it."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("SOMEVAKT_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing; install it with: apt-get install -y chromium")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the
    # tests themselves are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nb-NO")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def axe_violations():
    """The WCAG 2.1 A/AA violations axe-core finds on a page, as readable lines."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page) -> list[str]:
        options = {
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        }
        result = axe.run(page, options=options)
        return [
            f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} elements, "
            f"e.g. {violation['nodes'][0]['target']})"
            for violation in result.response["violations"]
        ]

    return check


PASSWORD = "pw-for-tests-1"  # what make_user gives every user


def totp_device(user: User):
    """The user's confirmed authenticator (TOTP), enrolled now if they have none."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test phone", confirmed=True)


def totp_code(device) -> str:
    """The code the authenticator shows now; the next one if this one was used already
    (a code is accepted once, and the device tolerates one step of drift)."""
    from django_otp.oath import TOTP

    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if device.last_t >= totp.t():
        totp.time += device.step * (device.last_t - totp.t() + 1)
    return f"{totp.token():0{device.digits}d}"


def log_in(client_or_page, user: User, password: str = PASSWORD) -> None:
    """Log `user` in the way every test does, second factor included where their role needs
    it (informasjonsansvarlig, arkivar):

    - a Django test Client: the session login, then a real TOTP code verified and the
      device bound to the session by django_otp.login;
    - a Playwright page: the login form, then the code typed into the two-factor page.
    """
    from django.test import Client

    from somevakt.organisation.permissions import two_factor_required

    needs_code = two_factor_required(user)
    if isinstance(client_or_page, Client):
        client_or_page.force_login(user)
        if needs_code:
            _verify_on_client(client_or_page, user)
        return
    page = client_or_page
    device = totp_device(user) if needs_code else None
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(user.get_username())
    page.locator("#id_password").fill(password)
    page.locator("form.login button[type=submit]").click()
    if device is not None:
        page.wait_for_url("**/accounts/two-factor/**")
        page.locator("#id_token").fill(totp_code(device))
        page.locator("form.login button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/" not in url)


def _verify_on_client(client, user: User) -> None:
    import django_otp
    from django.http import HttpRequest

    device = totp_device(user)
    assert device.verify_token(totp_code(device)), "the test authenticator's code was refused"
    request = HttpRequest()
    request.session = client.session
    request.user = user
    django_otp.login(request, device)
    request.session.save()

"""The demo installation: units, channels of every type, staff in every role, history.

Some governance gaps are left on purpose, for the compliance checks to find:
- Skautun's local page has no information officer among its admins (L3);
- the Os barnehage parents' group does not have the informasjonsansvarlig as member (G2);
- the service desk's secret group has one member who is not an employee (S1);
- the library's local page has never posted (L2) and has been quiet for weeks (L4);
- the school heads' secret group is not in the informasjonsansvarlig's overview (S2).
Run `manage.py compliance` to see them.
"""

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from somevakt.demo.archive import demo_archive
from somevakt.demo.insights import INSIGHT_DAYS, demo_insights
from somevakt.demo.moderation import demo_moderation
from somevakt.demo.publishing import demo_publishing
from somevakt.demo.simulator import DemoChannel, TrafficSimulator
from somevakt.governance.services import secret_group_register
from somevakt.inbox.services import IngestSummary, items_ingest
from somevakt.organisation.models import Role
from somevakt.organisation.permissions import two_factor_required
from somevakt.organisation.services import (
    backup_codes_issue,
    staff_user_create,
    unit_get_or_create,
)
from somevakt.sources.models import Channel, ChannelType, MemberRole, Platform
from somevakt.sources.services import channel_member_add, channel_register

DEMO_USERNAME = "demo"
DEMO_CODE_COUNT = 5
HISTORY_SEED = 2026
HISTORY_EVENTS = 400
HISTORY_DAYS = 14

STAFF = [  # username, full name, roles
    ("ingrid", "Ingrid Haugen", [Role.INFORMASJONSANSVARLIG, Role.ANSATT]),
    ("arne", "Arne Berg", [Role.ADMIN, Role.ANSATT]),
    ("siri", "Siri Nilsen", [Role.ADMIN, Role.ANSATT]),
    ("tone", "Tone Lie", [Role.SERVICEKONTOR, Role.ANSATT]),
    ("per", "Per Moen", [Role.ARKIVAR, Role.ANSATT]),
    ("kari", "Kari Dahl", [Role.ANSATT]),
    ("rune", "Rune Lund", [Role.KOMMUNEDIREKTOR, Role.ANSATT]),
    (DEMO_USERNAME, "Demo Bruker", [Role.INFORMASJONSANSVARLIG, Role.ADMIN, Role.ANSATT]),
]

# slug, name, type, platform, id on the platform, unit, admins, members (outsiders as str)
CHANNELS = [
    (
        "hovedprofil",
        "Rakkestad kommune",
        ChannelType.MAIN_PAGE,
        Platform.FACEBOOK,
        "183962431636529",
        "Informasjonsenheten",
        ["ingrid", "arne", "siri", "demo"],
        [],
    ),
    (
        "kino",
        "Rakkestad kino",
        ChannelType.LOCAL_PAGE,
        Platform.FACEBOOK,
        "121455917870412",
        "Rakkestad kino",
        ["ingrid", "kari"],
        [],
    ),
    (
        "frivillig-sentral",
        "Frivillig sentral Rakkestad",
        ChannelType.LOCAL_PAGE,
        Platform.FACEBOOK,
        "209385132418837",
        "Frivillig sentral",
        ["ingrid", "kari"],
        [],
    ),
    (
        "skautun",
        "Skautun",
        ChannelType.LOCAL_PAGE,
        Platform.FACEBOOK,
        "334120567712094",
        "Skautun",
        ["kari"],
        [],
    ),
    (
        "os-barnehage-foreldre",
        "Foreldre i Os barnehage",
        ChannelType.CLOSED_GROUP,
        Platform.FACEBOOK,
        "871236540123987",
        "Os barnehage",
        ["siri"],
        ["Kari Nordmann", "Ola Hansen", "Berit Johansen"],
    ),
    (
        "servicekontoret-internt",
        "Servicekontoret internt",
        ChannelType.SECRET_GROUP,
        Platform.FACEBOOK,
        "550983317722451",
        "Servicekontoret",
        ["ingrid"],
        ["tone", "kari", "Rune Ekstern"],
    ),
    (
        "bibliotek",
        "Rakkestad bibliotek",
        ChannelType.LOCAL_PAGE,
        Platform.FACEBOOK,
        "402918273645012",
        "Rakkestad bibliotek",
        ["ingrid", "kari"],
        [],
    ),
    (
        "rektorer-internt",
        "Rektorer internt",
        ChannelType.SECRET_GROUP,
        Platform.FACEBOOK,
        "661209348812004",
        "Oppvekst",
        ["ingrid"],
        ["kari"],
    ),
    (
        "instagram",
        "@rakkestadkommune",
        ChannelType.INSTAGRAM,
        Platform.INSTAGRAM,
        "17841401234567890",
        "Informasjonsenheten",
        ["ingrid", "arne"],
        [],
    ),
    (
        "youtube",
        "Rakkestad kommune på YouTube",
        ChannelType.YOUTUBE,
        Platform.YOUTUBE,
        "UCr4kkestadKommune01",
        "Informasjonsenheten",
        ["ingrid"],
        [],
    ),
    (
        "x",
        "@Rakkestad_kommune",
        ChannelType.X_ACCOUNT,
        Platform.X,
        "1453298765432109",
        "Informasjonsenheten",
        ["ingrid"],
        [],
    ),
    (
        "mastodon",
        "@rakkestad@kommune.social",
        ChannelType.MASTODON,
        Platform.MASTODON,
        "109876543210",
        "Informasjonsenheten",
        ["ingrid"],
        [],
    ),
    (
        "ordforerens-blogg",
        "Ordførerens blogg",
        ChannelType.BLOG,
        Platform.WORDPRESS,
        "blogg.rakkestad.kommune.no",
        "Informasjonsenheten",
        ["ingrid"],
        [],
    ),
    (
        "nettmote-skolestruktur",
        "Nettmøte om ny skolestruktur",
        ChannelType.NET_MEETING,
        Platform.NET_MEETING,
        "nettmote-2026-skolestruktur",
        "Informasjonsenheten",
        ["ingrid", "arne"],
        [],
    ),
]

# Channels the simulated traffic leaves alone, so that L2 and L4 have a quiet page.
QUIET = {"bibliotek", "rektorer-internt"}
# S1 and S2: the secret groups in the informasjonsansvarlig's overview, with their purpose.
REGISTERED_SECRET_GROUPS = {
    "servicekontoret-internt": "Løpende informasjon mellom de ansatte på servicekontoret.",
}

DEMO_CHANNELS = [
    DemoChannel(platform.value, external_id, channel_type.value, name)
    for slug, name, channel_type, platform, external_id, *_ in CHANNELS
    if slug not in QUIET
]
SINCE = datetime.date(2023, 1, 9)


@dataclass(frozen=True)
class DemoSetup:
    password: str
    second_factor_codes: list[str]
    created: bool
    history: IngestSummary | None


def demo_password() -> str:
    """One password for every demo login, made on first use and kept under var/."""
    path = settings.VAR_DIR / "demo_password"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"rakkestad-{secrets.token_hex(4)}", encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def history_start() -> datetime.datetime:
    """Two weeks before the demo's first set-up, so a rerun replays the same history."""
    first = Channel.objects.get(slug="hovedprofil").created_at
    midnight = first.replace(hour=6, minute=0, second=0, microsecond=0)
    return midnight - datetime.timedelta(days=HISTORY_DAYS)


def demo_setup(*, traffic: bool = True) -> DemoSetup:
    """Create the demo installation; running it again changes nothing."""
    password = demo_password()
    created = _create_installation(password)
    history = None
    if traffic:
        simulator = TrafficSimulator(
            seed=HISTORY_SEED, start=history_start(), channels=DEMO_CHANNELS
        )
        gap = datetime.timedelta(days=HISTORY_DAYS) / HISTORY_EVENTS
        history = items_ingest(events=simulator.events(HISTORY_EVENTS, mean_gap=gap))
        if created:
            demo_moderation(admin=User.objects.get(username="arne"))
            demo_archive(
                arkivar=User.objects.get(username="per"),
                admin=User.objects.get(username="arne"),
                informasjonsansvarlig=User.objects.get(username="ingrid"),
            )
    if created:
        demo_publishing(
            admin=User.objects.get(username="arne"),
            informasjonsansvarlig=User.objects.get(username="ingrid"),
        )
    demo_insights(first_day=history_start().date() - datetime.timedelta(days=INSIGHT_DAYS))
    return DemoSetup(
        password=password,
        created=created,
        history=history,
        second_factor_codes=demo_second_factor(),
    )


def demo_second_factor() -> list[str]:
    """The demo login holds the informasjonsansvarlig's role, which logs in with a second
    factor: each set-up gives it fresh one-time codes (printed with the login), so the demo
    can be tried without an authenticator app. An enrolled authenticator is left alone."""
    user = User.objects.get(username=DEMO_USERNAME)
    if not two_factor_required(user) or TOTPDevice.objects.filter(user=user, confirmed=True):
        return []
    return backup_codes_issue(user=user, count=DEMO_CODE_COUNT)


@transaction.atomic
def _create_installation(password: str) -> bool:
    if Channel.objects.filter(slug="hovedprofil").exists():
        return False
    users = {
        username: staff_user_create(
            actor=None,
            username=username,
            full_name=full_name,
            email=f"{username}@rakkestad.kommune.no" if username != DEMO_USERNAME else "",
            password=password,
            roles=roles,
        )
        for username, full_name, roles in STAFF
        if not User.objects.filter(username=username).exists()
    }
    for slug, name, channel_type, platform, external_id, unit, admins, members in CHANNELS:
        channel = channel_register(
            actor=None,
            name=name,
            slug=slug,
            channel_type=channel_type,
            platform=platform,
            external_id=external_id,
            unit=unit_get_or_create(actor=None, name=unit, is_demo=True),
            active_from=SINCE,
            is_demo=True,
        )
        for role, people in ((MemberRole.ADMIN, admins), (MemberRole.MEMBER, members)):
            for person in people:
                user = users.get(person) or User.objects.filter(username=person).first()
                channel_member_add(
                    actor=None,
                    channel=channel,
                    role=role,
                    since=SINCE,
                    user=user,
                    person_name="" if user else person,
                    is_employee=user is not None,
                )
        if slug in REGISTERED_SECRET_GROUPS:
            secret_group_register(
                actor=None, channel=channel, purpose=REGISTERED_SECRET_GROUPS[slug]
            )
    return True

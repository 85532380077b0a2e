"""Who may read and act on what, measured through the pages and the API as each role.

Every role (and an employee who is a member of the secret group) meets one world: items
on a main page, a local page, a closed group and a secret group, their moderation cases,
the archive's decisions, the service desk, the deadlines, the compliance report, the
reports, a post waiting for the editor, the guidelines, the content plans, innsyn in
personal data and the API. The measured matrix must equal the one the permissions declare,
with secret-group content (S1, S2) visible only to its members and the
informasjonsansvarlig. SOMEVAKT_ACCESS_MATRIX=FILE writes the table to FILE.
"""

import datetime
import os
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from conftest import log_in
from somevakt.archive.models import ArchiveDecision, Outcome
from somevakt.archive.services import decision_confirm, threads_classify
from somevakt.inbox.models import Item, Thread
from somevakt.inbox.services import item_ingest
from somevakt.moderation.models import ModerationCase
from somevakt.organisation.models import Role
from somevakt.organisation.permissions import ALLOWED_ROLES, Action
from somevakt.policy.selectors import policy_in_force
from somevakt.publishing.models import Post
from somevakt.publishing.services import post_create, post_submit
from somevakt.servicedesk.services import item_tag_for_service_desk
from somevakt.sources.models import ChannelMember, ChannelType, MemberRole

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - datetime.timedelta(days=5)
KINDS = {
    "main page": ChannelType.MAIN_PAGE,
    "local page": ChannelType.LOCAL_PAGE,
    "closed group": ChannelType.CLOSED_GROUP,
    "secret group": ChannelType.SECRET_GROUP,
}
MEMBER = "ansatt, member of the secret group"
SUBJECTS = [*(role.value for role in Role), MEMBER]


@dataclass
class World:
    channels: dict = field(default_factory=dict)
    threads: dict = field(default_factory=dict)
    items: dict = field(default_factory=dict)
    cases: dict = field(default_factory=dict)
    decisions: dict = field(default_factory=dict)
    tags: dict = field(default_factory=dict)
    post_in_review: Post | None = None


def marker(kind: str) -> str:
    return "Merkeord" + kind.title().replace(" ", "")


@pytest.fixture
def world(policy, make_channel, make_event, make_user, informasjonsansvarlig) -> World:
    world = World()
    for number, (kind, channel_type) in enumerate(KINDS.items(), start=1):
        channel = make_channel(channel_type, name=f"Kanal {marker(kind)}")
        post_id = f"{channel.external_id}_{number}"
        messages = [
            ("post", post_id, f"Oppslag om {marker(kind)}", channel.external_id),
            ("comment", f"{post_id}_1", f"Du er en idiot, {marker(kind)}.", "troll"),
        ]
        for offset, (item_kind, external_id, text, author) in enumerate(messages):
            moment = LONG_AGO + datetime.timedelta(minutes=offset)
            item_ingest(
                event=make_event(
                    external_id=external_id,
                    channel=channel.external_id,
                    kind=item_kind,
                    thread_external_id=post_id,
                    parent_external_id=None if item_kind == "post" else post_id,
                    author={"id": author, "name": author.title()},
                    text=text,
                    published_at=moment,
                    occurred_at=moment,
                )
            )
        world.channels[kind] = channel
        world.threads[kind] = Thread.objects.get(external_id=post_id)
        world.items[kind] = Item.objects.get(external_id=f"{post_id}_1")
        world.cases[kind] = ModerationCase.objects.get(item=world.items[kind])
        world.tags[kind] = item_tag_for_service_desk(
            actor=informasjonsansvarlig, item=world.items[kind], note=marker(kind)
        )
    main_page = world.channels["main page"]
    threads_classify(now=timezone.now())
    for kind in ("main page", "secret group"):
        world.decisions[kind] = ArchiveDecision.objects.get(thread=world.threads[kind])
    decision_confirm(
        actor=informasjonsansvarlig,
        decision=world.decisions["secret group"],
        outcome=Outcome.ARCHIVED,
        reason="Vaktlista er arkivverdig.",
    )
    writer = make_user(Role.ADMIN, username="skribent")
    post = post_create(
        actor=writer, text="Biblioteket stenger kl. 15. Hilsen kommunen", channels=[main_page]
    )
    world.post_in_review = post_submit(actor=writer, post=post)
    return world


def subject_user(make_user, world: World, subject: str):
    if subject != MEMBER:
        return make_user(Role(subject))
    user = make_user(Role.ANSATT)
    ChannelMember.objects.create(
        channel=world.channels["secret group"],
        role=MemberRole.MEMBER,
        user=user,
        person_name="Siri Medlem",
        is_employee=True,
        since=datetime.date(2026, 1, 1),
    )
    return user


def allowed(response, text: str | None = None) -> bool:
    """A page or API answer that grants access: 200 (showing `text`, if given) or a
    redirect after a POST; 403 and 404 refuse."""
    if response.status_code in (403, 404):
        return False
    assert response.status_code in (200, 302, 409), (response.status_code, response.content[:300])
    return text is None or text in response.content.decode()


def roles_of(subject: str) -> set[Role]:
    return {Role.ANSATT} if subject == MEMBER else {Role(subject)}


def declared(subject: str, action: Action | None, kind: str = "main page") -> bool | None:
    """What the permissions declare: the action's roles, and secret groups only for the
    members and the informasjonsansvarlig (S1, S2). None: the page offers no such act."""
    if action is None:
        return None
    may = bool(roles_of(subject) & ALLOWED_ROLES[action])
    if kind == "secret group":
        may = may and (subject == MEMBER or subject == Role.INFORMASJONSANSVARLIG)
    return may


def _post(client: Client, url: str, data: dict | None = None):
    return client.post(url, data or {"reason": "Matrisetest"})


def probes(world: World):
    """(object, read action, read probe, act action, act probe) per column of the matrix."""
    columns = []
    for kind in KINDS:
        thread, item, case = world.threads[kind], world.items[kind], world.cases[kind]
        columns.append(
            (
                f"item: {kind}",
                (Action.VIEW_INBOX, kind),
                lambda c, t=thread, k=kind: allowed(c.get(f"/inbox/threads/{t.pk}/"), marker(k)),
                (Action.REPORT_ITEM, kind),
                lambda c, i=item: allowed(_post(c, f"/moderation/items/{i.pk}/report/")),
            )
        )
    for kind in ("main page", "secret group"):
        case, tag = world.cases[kind], world.tags[kind]
        columns.append(
            (
                f"moderation case: {kind}",
                (Action.VIEW_MODERATION, kind),
                lambda c, x=case: allowed(c.get(f"/moderation/cases/{x.pk}/")),
                (Action.MODERATE, kind),
                lambda c, x=case: allowed(_post(c, f"/moderation/cases/{x.pk}/leave/")),
            )
        )
        columns.append(
            (
                f"service desk: {kind}",
                (Action.TAG_FOR_SERVICE_DESK, kind),
                lambda c, k=kind: allowed(c.get("/servicedesk/"), marker(k)),
                (Action.HANDLE_SERVICE_DESK, kind),
                lambda c, t=tag: allowed(_post(c, f"/servicedesk/tags/{t.pk}/handled/")),
            )
        )
    pending = world.decisions["main page"]
    columns += [
        (
            "archive: main page",
            (Action.VIEW_ARCHIVE, "main page"),
            lambda c: allowed(c.get("/archive/"), marker("main page")),
            (Action.CLASSIFY_ARCHIVE, "main page"),
            lambda c: allowed(_post(c, f"/archive/decisions/{pending.pk}/", {})),
        ),
        (
            "archive innsyn: secret group",
            (Action.VIEW_ARCHIVE, "secret group"),
            lambda c: allowed(c.get("/archive/innsyn/?q=idiot"), marker("secret group")),
            (None, "secret group"),
            None,
        ),
        (
            "deadlines",
            (Action.VIEW_DEADLINES, "main page"),
            lambda c: allowed(c.get("/deadlines/")),
            (Action.DECLARE_CRISIS, "main page"),
            lambda c: allowed(
                _post(
                    c,
                    "/deadlines/crisis/",
                    {
                        "switch": "on",
                        "channels": [world.channels["main page"].pk],
                        "reason": "Flom",
                    },
                )
            ),
        ),
        (
            "governance",
            (Action.VIEW_COMPLIANCE, "main page"),
            lambda c: allowed(c.get("/compliance/")),
            (Action.REGISTER_SECRET_GROUP, "secret group"),
            lambda c: allowed(
                _post(
                    c,
                    f"/compliance/secret-groups/{world.channels['secret group'].slug}/register/",
                    {"purpose": "Vaktliste"},
                )
            ),
        ),
        (
            "reports",
            (Action.VIEW_REPORTS, "main page"),
            lambda c: allowed(c.get("/reports/export.json?period=2026-11")),
            (None, "main page"),
            None,
        ),
        (
            "publishing: main page",
            (Action.WRITE_POST, "main page"),
            lambda c: allowed(c.get("/publishing/")),
            (Action.APPROVE_POST, "main page"),
            lambda c: allowed(_post(c, f"/publishing/posts/{world.post_in_review.pk}/approve/")),
        ),
        (
            "guidelines",
            (Action.VIEW_ACKNOWLEDGEMENTS, "main page"),
            lambda c: allowed(c.get("/guidelines/acknowledgements/")),
            (Action.ACKNOWLEDGE_GUIDELINES, "main page"),
            lambda c: allowed(
                _post(
                    c,
                    "/guidelines/acknowledge/",
                    {"version": policy_in_force().policy.guidelines.version},
                )
            ),
        ),
        (
            "content plans",
            (Action.VIEW_CONTENT_PLANS, "main page"),
            lambda c: allowed(c.get("/compliance/plans/")),
            (None, "main page"),
            None,
        ),
        (
            "personal data (innsyn)",
            (Action.EXPORT_PERSONAL_DATA, "main page"),
            lambda c: allowed(c.get("/privacy/?q=Troll")),
            (Action.EXPORT_PERSONAL_DATA, "main page"),
            lambda c: allowed(
                _post(
                    c,
                    "/privacy/export/",
                    {"author": world.items["main page"].author_id, "format": "json"},
                )
            ),
        ),
        (
            "connections",
            (Action.MANAGE_CHANNELS, "main page"),
            lambda c: allowed(c.get("/connections/")),
            (None, "main page"),
            None,
        ),
        (
            "API: item, secret group",
            (Action.VIEW_INBOX, "secret group"),
            lambda c: allowed(
                c.get(f"/api/items/{world.items['secret group'].pk}"), marker("secret group")
            ),
            (Action.MODERATE, "secret group"),
            lambda c: allowed(
                c.post(
                    f"/api/moderation/cases/{world.cases['secret group'].pk}/leave",
                    {"reason": "Matrisetest"},
                    content_type="application/json",
                )
            ),
        ),
    ]
    return columns


def mark(value: bool | None) -> str:
    return {True: "yes", False: "no", None: "-"}[value]


def test_every_role_reads_and_acts_exactly_as_the_permissions_declare(world, make_user):
    columns = probes(world)
    measured: dict[str, list[tuple[bool, bool | None]]] = {}
    mismatches = []
    for subject in SUBJECTS:
        client = Client()
        log_in(client, subject_user(make_user, world, subject))
        row = []
        for name, (read_action, read_kind), read, (act_action, act_kind), act in columns:
            with transaction.atomic():
                can_read = read(client)
                can_act = act(client) if act else None
                transaction.set_rollback(True)  # each probe meets the same world
            row.append((can_read, can_act))
            expected = (
                declared(subject, read_action, read_kind),
                declared(subject, act_action, act_kind),
            )
            if (can_read, can_act) != expected:
                mismatches.append(f"{subject} × {name}: {(can_read, can_act)}, declared {expected}")
        measured[subject] = row
    table = render_table([name for name, *_ in columns], measured)
    print(table)  # noqa: T201 - shown with pytest -s for the closing note
    if os.environ.get("SOMEVAKT_ACCESS_MATRIX"):
        with open(os.environ["SOMEVAKT_ACCESS_MATRIX"], "w", encoding="utf-8") as out:
            out.write(table)
    assert not mismatches, "\n".join(mismatches)
    secret = [name for name, *_ in columns].index("item: secret group")
    assert [measured[s][secret][0] for s in SUBJECTS] == [
        s in (Role.INFORMASJONSANSVARLIG, MEMBER) for s in SUBJECTS
    ]


def render_table(names: list[str], measured: dict) -> str:
    """Rows are the objects, columns the roles; each cell is read/act."""
    width = max(len(name) for name in names)
    heads = [(s if s != MEMBER else "secret member").ljust(len("yes/yes")) for s in SUBJECTS]
    lines = ["object".ljust(width) + " | " + " | ".join(heads)]
    lines.append("-" * len(lines[0]))
    for index, name in enumerate(names):
        cells = [
            f"{mark(measured[s][index][0])}/{mark(measured[s][index][1])}".ljust(len(h))
            for s, h in zip(SUBJECTS, heads, strict=True)
        ]
        lines.append(name.ljust(width) + " | " + " | ".join(cells))
    lines.append("cell = read/act; '-' = the page offers no such act")
    return "\n".join(lines) + "\n"


def every_path_showing_content(world: World) -> list[str]:
    """Each list, detail, search, export and API answer that shows items or channels."""
    period = timezone.localdate(LONG_AGO).strftime("%Y-%m")
    author = world.items["secret group"].author_id
    return [
        "/inbox/",
        f"/inbox/?channel={world.channels['secret group'].slug}",
        "/channels/",
        f"/channels/{world.channels['secret group'].slug}/",
        "/moderation/",
        "/moderation/approvals/",
        f"/moderation/authors/{author}/",
        "/servicedesk/",
        "/deadlines/",
        "/compliance/",
        "/archive/",
        "/archive/innsyn/?q=idiot",  # the query itself is echoed
        f"/reports/?period={period}",
        f"/reports/export.csv?period={period}",
        f"/reports/export.json?period={period}",
        "/reports/crisis/",
        "/api/items?limit=1000",
        f"/api/threads/{world.threads['secret group'].pk}",
        "/api/channels",
        "/api/questions",
        "/api/compliance",
        "/api/moderation/cases",
        "/api/moderation/approvals",
        "/api/archive/decisions",
    ]


def test_secret_group_content_shows_on_no_path_but_to_members_and_the_informasjonsansvarlig(
    world, make_user
):
    secret = marker("secret group")
    leaks, seen_by = [], {}
    for subject in SUBJECTS:
        client = Client()
        log_in(client, subject_user(make_user, world, subject))
        shown = [
            path
            for path in every_path_showing_content(world)
            if (response := client.get(path)).status_code == 200
            and secret in response.content.decode()
        ]
        seen_by[subject] = shown
        if shown and subject not in (Role.INFORMASJONSANSVARLIG, MEMBER):
            leaks.append(f"{subject} sees {secret} on {shown}")
    assert not leaks, "\n".join(leaks)
    # The probe can fail: the informasjonsansvarlig meets the content nearly everywhere.
    assert len(seen_by[Role.INFORMASJONSANSVARLIG]) >= 15, seen_by[Role.INFORMASJONSANSVARLIG]
    assert "/inbox/" in seen_by[MEMBER]

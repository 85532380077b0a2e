"""Who may do what: one entry per action, checked by the services of every room.

Views, the API, the Django admin and management commands all go through the services,
so a check here holds for every entry point. Superuser status grants nothing here: only
roles count, so nobody can step around the policy's division of duties.
"""

from enum import StrEnum

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied

from somevakt.organisation.models import Role

# None stands for the operator at the command line (make run, imports, the simulator).
Actor = User | AnonymousUser | None


class Action(StrEnum):
    VIEW_INBOX = "view_inbox"
    VIEW_CHANNELS = "view_channels"
    MANAGE_CHANNELS = "manage_channels"
    VIEW_POLICY = "view_policy"
    LOAD_POLICY = "load_policy"
    IMPORT_ITEMS = "import_items"
    VIEW_MODERATION = "view_moderation"
    REPORT_ITEM = "report_item"
    MODERATE = "moderate"  # leave, hide, unhide, answer, propose a deletion or a ban (O2)
    APPROVE = "approve"  # approve or reject deletions and bans, retry them, lift bans (O2, O3)
    SEND_FEEDBACK = "send_feedback"  # mark feedback sent by hand
    VIEW_DEADLINES = "view_deadlines"  # O5, L2: the overview of questions and figures
    ASSIGN_QUESTIONS = "assign_questions"
    ANSWER_QUESTIONS = "answer_questions"  # record an answer given in somevakt
    DECLARE_CRISIS = "declare_crisis"  # K1: crisis mode on and off
    SEND_REMINDERS = "send_reminders"
    VIEW_COMPLIANCE = "view_compliance"  # L2–L4, G2, S1, S2
    REGISTER_SECRET_GROUP = "register_secret_group"  # noqa: S105 - S2, not a password
    TAG_FOR_SERVICE_DESK = "tag_for_service_desk"
    HANDLE_SERVICE_DESK = "handle_service_desk"
    MANAGE_ANSWER_TEMPLATES = "manage_answer_templates"
    VIEW_REPORTS = "view_reports"  # the policy's goals: figures, weekly report, exports
    RECORD_INSIGHTS = "record_insights"  # followers and reach reported by a platform
    SEND_REPORTS = "send_reports"  # the weekly report to the policy's recipients
    VIEW_ARCHIVE = "view_archive"  # A1–A6: the archive room, the innsyn search
    CLASSIFY_ARCHIVE = "classify_archive"  # confirm or override a proposed outcome
    SCREEN_JOURNAL = "screen_journal"  # choose the skjerming hjemmel (offentleglova)
    EXPORT_ARCHIVE = "export_archive"  # arkivuttrekk, arkivmelding deliveries
    VIEW_GUIDELINES = "view_guidelines"  # P1–P10, the «Pass på»-plakaten
    ACKNOWLEDGE_GUIDELINES = "acknowledge_guidelines"  # the version in force, for oneself
    VIEW_ACKNOWLEDGEMENTS = "view_acknowledgements"  # who has acknowledged the guidelines
    VIEW_CONTENT_PLANS = "view_content_plans"  # L2, L4: the local pages' weekly plans
    # Edit a local page's plan; besides the role, an admin must be one of the page's admins.
    EDIT_CONTENT_PLAN = "edit_content_plan"
    WRITE_POST = "write_post"  # O1: write, schedule, pin and retry the municipality's posts
    APPROVE_POST = "approve_post"  # O1, K1: the editor approves or sends back a post
    ENFORCE_RETENTION = "enforce_retention"  # remove personal data past the policy's periods
    EXPORT_PERSONAL_DATA = "export_personal_data"  # GDPR art. 15: all held about one author
    PLACE_LEGAL_HOLD = "place_legal_hold"  # keep a conversation or author beyond retention


_STAFF = frozenset(Role)
_EDITORS = frozenset({Role.INFORMASJONSANSVARLIG, Role.ADMIN})
_ANSWERERS = _EDITORS | {Role.SERVICEKONTOR}
_ARCHIVISTS = frozenset({Role.ARKIVAR, Role.INFORMASJONSANSVARLIG})

ALLOWED_ROLES: dict[Action, frozenset[Role]] = {
    Action.VIEW_INBOX: _STAFF,
    Action.VIEW_CHANNELS: _STAFF,
    Action.MANAGE_CHANNELS: frozenset({Role.INFORMASJONSANSVARLIG}),
    Action.VIEW_POLICY: _STAFF,
    Action.LOAD_POLICY: frozenset({Role.INFORMASJONSANSVARLIG}),
    Action.IMPORT_ITEMS: _EDITORS,
    Action.VIEW_MODERATION: _EDITORS,
    Action.REPORT_ITEM: _STAFF,
    Action.MODERATE: _EDITORS,
    Action.APPROVE: frozenset({Role.INFORMASJONSANSVARLIG}),
    Action.SEND_FEEDBACK: _EDITORS,
    Action.VIEW_DEADLINES: _STAFF,
    Action.ASSIGN_QUESTIONS: _ANSWERERS,
    Action.ANSWER_QUESTIONS: _ANSWERERS,
    Action.DECLARE_CRISIS: frozenset({Role.INFORMASJONSANSVARLIG}),
    Action.SEND_REMINDERS: frozenset({Role.INFORMASJONSANSVARLIG}),
    Action.VIEW_COMPLIANCE: _EDITORS,
    Action.REGISTER_SECRET_GROUP: frozenset({Role.INFORMASJONSANSVARLIG}),
    Action.TAG_FOR_SERVICE_DESK: _STAFF,
    Action.HANDLE_SERVICE_DESK: frozenset({Role.SERVICEKONTOR, Role.INFORMASJONSANSVARLIG}),
    Action.MANAGE_ANSWER_TEMPLATES: _ANSWERERS,
    Action.VIEW_REPORTS: frozenset({Role.INFORMASJONSANSVARLIG, Role.KOMMUNEDIREKTOR}),
    Action.RECORD_INSIGHTS: frozenset({Role.INFORMASJONSANSVARLIG}),
    Action.SEND_REPORTS: frozenset({Role.INFORMASJONSANSVARLIG}),
    Action.VIEW_ARCHIVE: _ARCHIVISTS,
    Action.CLASSIFY_ARCHIVE: _ARCHIVISTS,
    Action.SCREEN_JOURNAL: frozenset({Role.ARKIVAR}),
    Action.EXPORT_ARCHIVE: frozenset({Role.ARKIVAR}),
    Action.VIEW_GUIDELINES: _STAFF,
    Action.ACKNOWLEDGE_GUIDELINES: _STAFF,
    Action.VIEW_ACKNOWLEDGEMENTS: frozenset({Role.INFORMASJONSANSVARLIG}),
    Action.VIEW_CONTENT_PLANS: _STAFF,
    Action.EDIT_CONTENT_PLAN: _EDITORS,
    Action.WRITE_POST: _EDITORS,
    Action.APPROVE_POST: frozenset({Role.INFORMASJONSANSVARLIG}),
    Action.ENFORCE_RETENTION: frozenset({Role.INFORMASJONSANSVARLIG}),
    Action.EXPORT_PERSONAL_DATA: frozenset({Role.INFORMASJONSANSVARLIG}),
    Action.PLACE_LEGAL_HOLD: _ARCHIVISTS,
}

# What the operator may do from the command line without naming a user.
SYSTEM_ACTIONS = frozenset(
    {
        Action.VIEW_CHANNELS,
        Action.MANAGE_CHANNELS,
        Action.VIEW_POLICY,
        Action.LOAD_POLICY,
        Action.IMPORT_ITEMS,
        Action.VIEW_DEADLINES,
        Action.SEND_REMINDERS,
        Action.VIEW_COMPLIANCE,
        Action.REGISTER_SECRET_GROUP,
        Action.VIEW_REPORTS,
        Action.RECORD_INSIGHTS,
        Action.SEND_REPORTS,
        Action.VIEW_ARCHIVE,
        Action.EXPORT_ARCHIVE,
        Action.VIEW_ACKNOWLEDGEMENTS,
        Action.VIEW_CONTENT_PLANS,
        Action.ENFORCE_RETENTION,
        Action.EXPORT_PERSONAL_DATA,
        Action.PLACE_LEGAL_HOLD,
    }
)


def user_of(actor: Actor) -> User | None:
    """The logged-in user an actor is, for "by whom" fields; None for the operator."""
    return actor if isinstance(actor, User) else None


def roles_of(actor: Actor) -> frozenset[Role]:
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return frozenset()
    cached = getattr(actor, "_somevakt_roles", None)
    if cached is None:
        names = actor.groups.values_list("name", flat=True)
        cached = frozenset(Role(name) for name in names if name in Role.values)
        # Cached on the user object: one query per request, not one per check.
        setattr(actor, "_somevakt_roles", cached)  # noqa: B010
    return cached


def has_role(actor: Actor, role: Role) -> bool:
    return role in roles_of(actor)


def can(actor: Actor, action: Action) -> bool:
    if actor is None:
        return action in SYSTEM_ACTIONS
    return bool(roles_of(actor) & ALLOWED_ROLES[action])


def require(actor: Actor, action: Action) -> None:
    """Raise PermissionDenied with a message that says which roles may do this."""
    if can(actor, action):
        return
    allowed = ", ".join(sorted(str(role.label) for role in ALLOWED_ROLES[action]))
    raise PermissionDenied(f"'{action}' requires one of these roles: {allowed}.")


def two_factor_required(actor: Actor) -> bool:
    """Roles that hold the keys (SOMEVAKT_TWO_FACTOR_ROLES: approving deletions, the
    archive) log in with a second factor after the password."""
    from django.conf import settings

    return any(role.value in settings.SOMEVAKT_TWO_FACTOR_ROLES for role in roles_of(actor))

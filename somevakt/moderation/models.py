from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from somevakt.connectors.capabilities import LABELS

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise


def _user(verbose_name: "StrOrPromise", related_name: str = "+") -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
    )


def _policy_version() -> models.ForeignKey:
    return models.ForeignKey(
        "policy.PolicyVersion",
        verbose_name=_("policy version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )


class CaseState(models.TextChoices):
    OPEN = "open", _("Open")
    LEFT = "left", _("Left as it is")
    ANSWERED = "answered", _("Answered")
    HIDDEN = "hidden", _("Hidden")
    PROPOSED = "proposed", _("Deletion proposed")
    APPROVED = "approved", _("Deletion approved")
    REJECTED = "rejected", _("Deletion rejected")
    EXECUTED = "executed", _("Deleted")
    FAILED = "failed", _("Failed on the platform")


# The steps of a case or a ban in words, for messages and the history.
STEP_NAMES = {
    "open": _("opened by screening"),
    "report": _("reported"),
    "leave": _("leave as it is"),
    "answer": _("answer"),
    "hide": _("hide"),
    "unhide": _("show again"),
    "propose": _("propose deletion"),
    "approve": _("approve"),
    "reject": _("reject"),
    "execute": _("carry out"),
    "fail": _("mark failed"),
    "retry": _("try again"),
    "reopen": _("reopen"),
    "lift": _("lift"),
}


class CaseOrigin(models.TextChoices):
    SCREENING = "screening", _("Screening")
    REPORT = "report", _("Reported by staff")


class ModerationCase(models.Model):
    """One item that may break the rules, from its finding or report to its outcome (O2)."""

    item = models.OneToOneField(
        "inbox.Item", verbose_name=_("item"), on_delete=models.PROTECT, related_name="case"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=CaseState.choices, default=CaseState.OPEN
    )
    origin = models.CharField(_("origin"), max_length=10, choices=CaseOrigin.choices)
    severity = models.PositiveSmallIntegerField(_("severity"), default=0)
    rules = models.JSONField(_("rules found"), default=list, blank=True)
    report_note = models.TextField(_("report"), blank=True)
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    opened_by = _user(_("opened by"))
    is_hidden = models.BooleanField(_("hidden"), default=False)
    proposed_rules = models.JSONField(_("rules cited"), default=list, blank=True)
    proposal_reason = models.TextField(_("reason for deletion"), blank=True)
    proposed_by = _user(_("proposed by"))
    proposed_at = models.DateTimeField(_("proposed"), null=True, blank=True)
    decided_by = _user(_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for decision"), blank=True)
    failure = models.TextField(_("platform's message"), blank=True)
    policy_version = _policy_version()
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("moderation case")
        verbose_name_plural = _("moderation cases")
        indexes = [
            models.Index(fields=["state", "-severity", "opened_at"]),
            # Reports: cases acted on per period.
            models.Index(fields=["opened_at"], name="case_opened_at"),
        ]

    def __str__(self) -> str:
        return f"{_('Case')} {self.pk} ({self.get_state_display()})"


class BanState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    EXECUTED = "executed", _("In force")
    FAILED = "failed", _("Failed on the platform")
    LIFTED = "lifted", _("Lifted")


# A ban proposed or in force: no second one is proposed beside it.
OPEN_BAN_STATES = (BanState.PROPOSED, BanState.EXECUTED)


class Ban(models.Model):
    """Closing an author's access after repeated breaches (O3, D3), with the same approval."""

    author = models.ForeignKey(
        "inbox.Author", verbose_name=_("author"), on_delete=models.PROTECT, related_name="bans"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=BanState.choices, default=BanState.PROPOSED
    )
    rules = models.JSONField(_("rules cited"), default=list, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    proposed_by = _user(_("proposed by"))  # empty: proposed by somevakt on reaching the threshold
    proposed_at = models.DateTimeField(_("proposed"), default=timezone.now)
    decided_by = _user(_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for decision"), blank=True)
    lifted_by = _user(_("lifted by"))
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)
    lift_reason = models.TextField(_("reason for lifting"), blank=True)
    failure = models.TextField(_("platform's message"), blank=True)
    policy_version = _policy_version()

    class Meta:
        verbose_name = _("ban")
        verbose_name_plural = _("bans")
        indexes = [models.Index(fields=["state", "proposed_at"])]

    def __str__(self) -> str:
        return f"{_('Ban')} {self.pk}: {self.author} ({self.get_state_display()})"


class Strike(models.Model):
    """A breach that led to an approved deletion; enough of them in the window propose a ban."""

    author = models.ForeignKey(
        "inbox.Author", verbose_name=_("author"), on_delete=models.PROTECT, related_name="strikes"
    )
    case = models.OneToOneField(ModerationCase, on_delete=models.PROTECT, related_name="strike")
    rules = models.JSONField(_("rules"), default=list)
    given_at = models.DateTimeField(_("given"), default=timezone.now)

    class Meta:
        verbose_name = _("strike")
        verbose_name_plural = _("strikes")
        indexes = [models.Index(fields=["author", "given_at"])]

    def __str__(self) -> str:
        return f"{self.author} {self.given_at:%Y-%m-%d} {', '.join(self.rules)}"


class FeedbackRoute(models.TextChoices):
    PRIVATE_REPLY = "private_reply", _("Private reply on the platform")
    REPLY = "reply", _("Reply on the platform")
    MANUAL = "manual", _("To be sent by hand")


class FeedbackState(models.TextChoices):
    PENDING = "pending", _("Being sent")
    SENT = "sent", _("Sent")
    MANUAL = "manual", _("Waiting to be sent by hand")


class AuthorFeedback(models.Model):
    """The message to an author whose item was deleted, naming the rule (O2), as sent."""

    case = models.OneToOneField(ModerationCase, on_delete=models.PROTECT, related_name="feedback")
    language = models.CharField(_("language"), max_length=5)
    text = models.TextField(_("text"))
    route = models.CharField(_("route"), max_length=15, choices=FeedbackRoute.choices)
    state = models.CharField(_("state"), max_length=10, choices=FeedbackState.choices)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = _user(_("sent by"))  # who sent it by hand

    class Meta:
        verbose_name = _("feedback to author")
        verbose_name_plural = _("feedback to authors")

    def __str__(self) -> str:
        return f"{self.case}: {self.get_state_display()}"


class DeletionRecord(models.Model):
    """A6: what was deleted, why, by whose proposal and approval, and what its author was
    told. Written in the approval's transaction, so it exists even if the platform fails;
    the archive room turns it into a journalpost."""

    case = models.OneToOneField(
        ModerationCase, on_delete=models.PROTECT, related_name="deletion_record"
    )
    content = models.JSONField(_("deleted content"))
    rules = models.JSONField(_("rules cited"))
    reason = models.TextField(_("reason"), blank=True)
    proposed_by = _user(_("proposed by"))
    proposed_at = models.DateTimeField(_("proposed"))
    approved_by = _user(_("approved by"))
    approved_at = models.DateTimeField(_("approved"))
    executed_at = models.DateTimeField(_("deleted on the platform"), null=True, blank=True)
    feedback_text = models.TextField(_("feedback to the author"))
    policy_sha256 = models.CharField(_("policy version"), max_length=64)
    archived_at = models.DateTimeField(_("handed to the archive"), null=True, blank=True)

    class Meta:
        verbose_name = _("deletion record")
        verbose_name_plural = _("deletion records")
        indexes = [models.Index(fields=["archived_at"])]

    def __str__(self) -> str:
        return f"{_('Deletion')} {self.case.item} ({self.approved_at:%Y-%m-%d})"


class OutboxState(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class OutboxAction(models.Model):
    """An action on a platform, committed together with the decision that called for it;
    the key makes a repeat after a crash an exact repeat, never a second action."""

    key = models.CharField(_("idempotency key"), max_length=100, unique=True)
    action = models.CharField(_("action"), max_length=15, choices=list(LABELS.items()))
    platform = models.CharField(_("platform"), max_length=20)
    object_id = models.CharField(max_length=200, blank=True)
    page_id = models.CharField(max_length=200, blank=True)
    user_id = models.CharField(max_length=200, blank=True)
    text = models.TextField(blank=True)
    case = models.ForeignKey(
        ModerationCase, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    ban = models.ForeignKey(
        Ban, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    feedback = models.ForeignKey(
        AuthorFeedback, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=OutboxState.choices, default=OutboxState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    lease_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("platform's message"), blank=True)
    result = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("platform action")
        verbose_name_plural = _("platform actions")
        indexes = [
            models.Index(fields=["state", "next_attempt_at"]),
            models.Index(fields=["state", "lease_until"]),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.platform}:{self.object_id or self.user_id} ({self.state})"

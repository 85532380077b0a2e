from functools import cached_property
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from somevakt.policy.schema import Policy


class PolicyVersion(models.Model):
    """One distinct policy text as loaded, identified by the SHA-256 of its bytes (D9).

    The version in force is the one activated last; decisions store a reference to it.
    """

    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    source_name = models.CharField(_("file"), max_length=500)
    source_text = models.TextField(_("policy file"))
    document = models.JSONField(_("validated policy"))
    loaded_at = models.DateTimeField(_("loaded"), auto_now_add=True)
    activated_at = models.DateTimeField(_("put in force"), db_index=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("loaded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-activated_at"]
        get_latest_by = "activated_at"
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")

    def __str__(self) -> str:
        return f"{self.name} ({self.sha256[:12]})"

    @cached_property
    def policy(self) -> "Policy":
        from somevakt.policy.schema import Policy

        return Policy.model_validate(self.document)

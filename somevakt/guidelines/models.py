from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Acknowledgement(models.Model):
    """An employee has read the guidelines of one version and will follow them.

    `digest` is the SHA-256 of the words acknowledged; the policy loader keeps the words
    of a version from changing, so the version alone says what was acknowledged.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="guideline_acknowledgements",
        verbose_name=_("employee"),
    )
    version = models.CharField(_("version"), max_length=100)
    digest = models.CharField(_("SHA-256 of the text"), max_length=64)
    policy_version = models.ForeignKey(
        "policy.PolicyVersion",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("policy version"),
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"))

    class Meta:
        ordering = ["-acknowledged_at"]
        verbose_name = _("acknowledgement of the guidelines")
        verbose_name_plural = _("acknowledgements of the guidelines")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "version"], name="guidelines_acknowledged_once_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.version})"

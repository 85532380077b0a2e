from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SecretGroupRegistration(models.Model):
    """The informasjonsansvarlig's overview of secret groups (S2): a secret group is in
    the overview once an information officer has registered what it is for."""

    channel = models.OneToOneField(
        "sources.Channel",
        on_delete=models.CASCADE,
        related_name="secret_group_registration",
        verbose_name=_("channel"),
    )
    purpose = models.TextField(_("purpose"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    registered_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        verbose_name = _("secret group registration")
        verbose_name_plural = _("secret group registrations")

    def __str__(self) -> str:
        return str(self.channel)

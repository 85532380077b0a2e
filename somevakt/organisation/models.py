from django.db import models
from django.utils.translation import gettext_lazy as _

from somevakt.core.models import TimeStampedModel


class Role(models.TextChoices):
    """The roles of the policy's glossary; each is a Django group of the same name."""

    INFORMASJONSANSVARLIG = "informasjonsansvarlig", _("Information officer")
    ADMIN = "admin", _("Admin")
    SERVICEKONTOR = "servicekontor", _("Service desk")
    ARKIVAR = "arkivar", _("Records manager")
    ANSATT = "ansatt", _("Employee")
    # Follows the policy's goals in the reports; moderates nothing.
    KOMMUNEDIREKTOR = "kommunedirektor", _("Municipal director")


class Unit(TimeStampedModel):
    """A unit of the municipality that owns channels (cinema, volunteer centre, nursing home)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    is_demo = models.BooleanField(_("demo"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.name

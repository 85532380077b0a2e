from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceDeskTag(models.Model):
    """An item a staff member marked «for servicekontoret», with a note (L3: «mye god
    informasjon å fange opp som servicekontoret vil ha nytte av»)."""

    item = models.ForeignKey(
        "inbox.Item", on_delete=models.CASCADE, related_name="service_desk_tags"
    )
    note = models.TextField(_("note"), blank=True)
    tagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    tagged_at = models.DateTimeField(_("tagged"), auto_now_add=True)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["handled_at", "-tagged_at"]
        verbose_name = _("service desk tag")
        verbose_name_plural = _("service desk tags")
        constraints = [
            models.UniqueConstraint(
                fields=["item"],
                condition=models.Q(handled_at__isnull=True),
                name="service_desk_one_open_tag_per_item",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.note[:40]}"


class AnswerTemplate(models.Model):
    """A Norwegian answer to a frequent question, for admins to reuse."""

    title = models.CharField(_("title"), max_length=200, unique=True)
    text = models.TextField(_("text"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    use_count = models.PositiveIntegerField(_("times used"), default=0)

    class Meta:
        ordering = ["title"]
        verbose_name = _("answer template")
        verbose_name_plural = _("answer templates")

    def __str__(self) -> str:
        return self.title

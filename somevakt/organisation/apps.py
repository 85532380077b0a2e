from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "somevakt.organisation"
    label = "organisation"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from axes.signals import user_locked_out

        user_locked_out.connect(_locked_out, dispatch_uid="somevakt-login-locked-out")


def _locked_out(sender, request, username=None, ip_address=None, **kwargs) -> None:
    from somevakt.organisation.services import login_lockout_record

    login_lockout_record(username=username, ip_address=ip_address)

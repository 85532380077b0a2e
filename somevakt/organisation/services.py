from collections.abc import Collection

from axes.models import AccessAttempt
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import match_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from somevakt.audit.services import audit_record
from somevakt.organisation.models import Role, Unit
from somevakt.organisation.permissions import Action, Actor, require


@transaction.atomic
def staff_user_create(
    *,
    actor: Actor,
    username: str,
    full_name: str,
    email: str = "",
    password: str | None = None,
    roles: Collection[Role],
) -> User:
    """An employee's login with its roles; without a password it cannot log in yet."""
    require(actor, Action.MANAGE_CHANNELS)
    first_name, _, last_name = full_name.partition(" ")
    # Only the informasjonsansvarlig manages the registry, so only they use the admin site.
    is_staff = Role.INFORMASJONSANSVARLIG in set(roles)
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_staff=is_staff,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    # The groups come with a migration; get_or_create keeps this working on a flushed database.
    user.groups.set([Group.objects.get_or_create(name=Role(role).value)[0] for role in roles])
    return user


def unit_get_or_create(*, actor: Actor, name: str, is_demo: bool = False) -> Unit:
    require(actor, Action.MANAGE_CHANNELS)
    unit, _ = Unit.objects.get_or_create(name=name, defaults={"is_demo": is_demo})
    return unit


def unit_save(*, actor: Actor, unit: Unit) -> Unit:
    require(actor, Action.MANAGE_CHANNELS)
    unit.full_clean()
    unit.save()
    return unit


# --- two-factor login (django-otp) -------------------------------------------------------

BACKUP_CODE_COUNT = 10


class TwoFactorError(Exception):
    """A one-time code that does not fit; the message says what to do."""


def totp_enrolment_start(*, user: User) -> TOTPDevice:
    """A fresh, unconfirmed authenticator for the user; an earlier unfinished one goes."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="somevakt", confirmed=False)


@transaction.atomic
def totp_enrolment_confirm(*, user: User, device: TOTPDevice, token: str) -> list[str]:
    """Confirm the authenticator with a code from it; returns new backup codes, shown once."""
    if device.user_id != user.pk or device.confirmed:
        raise TwoFactorError(_("Start the enrolment again."))
    if not device.verify_token(token.strip()):
        raise TwoFactorError(
            _("The code does not fit. Check the clock on your phone and try again.")
        )
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = backup_codes_issue(user=user)
    audit_record(actor=user, action="organisation.two_factor_enrolled", target=user)
    return codes


@transaction.atomic
def backup_codes_issue(*, user: User, count: int = BACKUP_CODE_COUNT) -> list[str]:
    """New one-time backup codes for the user; earlier ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    backup = StaticDevice.objects.create(user=user, name="backup codes")
    codes = [StaticToken.random_token() for _ in range(count)]
    StaticToken.objects.bulk_create([StaticToken(device=backup, token=code) for code in codes])
    return codes


@transaction.atomic
def two_factor_verify(*, user: User, token: str) -> Device:
    """The user's device that accepts the code: the authenticator or, once each, a backup code."""
    device = match_token(user, token.strip().replace(" ", ""))
    if device is None:
        raise TwoFactorError(_("The code does not fit. Try the next code from your app."))
    if isinstance(device, StaticDevice):
        audit_record(
            actor=user,
            action="organisation.backup_code_used",
            target=user,
            data={"left": device.token_set.count()},
        )
    return device


def login_lockout_record(*, username: str | None, ip_address: str | None) -> None:
    """Put a login lockout (django-axes) into the audit chain, on the user if one exists."""
    user = User.objects.filter(username=username).first() if username else None
    target = user or AccessAttempt.objects.filter(username=username, ip_address=ip_address).first()
    if target is None:
        return
    audit_record(
        actor=None,
        action="organisation.login_locked_out",
        target=target,
        data={"username": username or "", "ip_address": ip_address or ""},
    )

from collections.abc import Collection

from django.contrib.auth.models import Group, User
from django.db import transaction

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

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import PermissionDenied

from somevakt.organisation.models import Role
from somevakt.organisation.permissions import ALLOWED_ROLES, Action, can, require, roles_of

pytestmark = pytest.mark.django_db


def test_every_role_exists_as_a_group():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


def test_every_action_has_an_entry_in_the_table():
    assert set(ALLOWED_ROLES) == set(Action)


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("role", list(Role))
def test_each_role_may_do_exactly_what_the_table_allows(make_user, role, action):
    user = make_user(role)

    assert can(user, action) is (role in ALLOWED_ROLES[action])


def test_a_superuser_without_a_role_may_do_nothing(django_user_model):
    root = django_user_model.objects.create_superuser("root", password="x-long-password")

    assert not any(can(root, action) for action in Action)


def test_anonymous_and_inactive_users_have_no_roles(make_user):
    inactive = make_user(Role.INFORMASJONSANSVARLIG)
    inactive.is_active = False

    assert roles_of(AnonymousUser()) == frozenset()
    assert roles_of(inactive) == frozenset()


def test_a_denial_names_the_roles_that_may(make_user):
    with pytest.raises(PermissionDenied, match="load_policy.*Informasjonsansvarlig"):
        require(make_user(Role.ADMIN), Action.LOAD_POLICY)


def test_the_command_line_operator_may_load_policy_but_not_view_the_inbox():
    assert can(None, Action.LOAD_POLICY)
    assert not can(None, Action.VIEW_INBOX)

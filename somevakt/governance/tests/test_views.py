import pytest

from conftest import log_in
from somevakt.governance.models import SecretGroupRegistration
from somevakt.organisation.models import Role
from somevakt.policy.services import policy_load
from somevakt.sources.models import ChannelType

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _policy(db, settings):
    policy_load(path=settings.SOMEVAKT_DEFAULT_POLICY, actor=None)


def test_the_compliance_page_shows_findings_with_what_to_do_in_norwegian(
    client, informasjonsansvarlig, make_channel
):
    make_channel(ChannelType.CLOSED_GROUP, name="Foreldre i Os barnehage")
    log_in(client, informasjonsansvarlig)
    page = client.get("/compliance/").content.decode()
    assert "Foreldre i Os barnehage" in page
    assert "Legg til informasjonsansvarlig i gruppen" in page
    assert 'href="/policy/#G2"' in page


def test_an_employee_without_an_editor_role_may_not_see_the_report(client, make_user):
    log_in(client, make_user(Role.ANSATT))
    assert client.get("/compliance/").status_code == 403


def test_the_informasjonsansvarlig_registers_a_secret_group_from_the_report(
    client, informasjonsansvarlig, make_channel
):
    group = make_channel(ChannelType.SECRET_GROUP, slug="rektorer")
    log_in(client, informasjonsansvarlig)
    response = client.post(
        "/compliance/secret-groups/rektorer/register/", {"purpose": "Rektormøter"}
    )
    assert response.status_code == 302
    assert SecretGroupRegistration.objects.get(channel=group).purpose == "Rektormøter"

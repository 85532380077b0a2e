"""The service desk: tagging «for servicekontoret», its list, handling, answer templates."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import log_in
from somevakt.audit.models import AuditEntry
from somevakt.inbox.models import Item
from somevakt.inbox.services import item_ingest
from somevakt.organisation.models import Role
from somevakt.servicedesk.models import AnswerTemplate
from somevakt.servicedesk.selectors import answer_templates, service_desk_list
from somevakt.servicedesk.services import (
    answer_template_create,
    answer_template_use,
    item_tag_for_service_desk,
    service_desk_tag_handle,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(main_page, make_event):
    item_ingest(event=make_event("1", text="Søppeldunken min ble ikke tømt i Storgata i dag."))
    return Item.objects.get()


def test_any_employee_tags_an_item_and_the_service_desk_lists_it_until_handled(item, make_user):
    kari, tone = make_user(Role.ANSATT), make_user(Role.SERVICEKONTOR)
    item_tag_for_service_desk(actor=kari, item=item, note="Renovasjon, Storgata")
    again = item_tag_for_service_desk(actor=kari, item=item, note="Samme i nr. 12")

    assert [t.note for t in service_desk_list(actor=tone)] == [
        "Renovasjon, Storgata\nSamme i nr. 12"
    ]
    service_desk_tag_handle(actor=tone, tag=again)
    service_desk_tag_handle(actor=tone, tag=again)  # twice: handled once
    assert list(service_desk_list(actor=tone)) == []
    assert service_desk_list(actor=tone, handled=True).get().handled_by == tone
    assert list(AuditEntry.objects.order_by("sequence").values_list("action", flat=True)) == [
        "servicedesk.tag",
        "servicedesk.note",
        "servicedesk.handled",
    ]


def test_only_the_service_desk_or_informasjonsansvarlig_marks_items_handled(item, make_user):
    tag = item_tag_for_service_desk(actor=make_user(Role.ANSATT), item=item)
    with pytest.raises(PermissionDenied):
        service_desk_tag_handle(actor=make_user(Role.ADMIN), tag=tag)


def test_answer_templates_are_saved_reused_and_the_most_used_come_first(admin_user, make_user):
    tomming = answer_template_create(
        actor=admin_user, title="Tømming", text="Hei! Meld fra om manglende tømming til ØRAS."
    )
    answer_template_create(actor=admin_user, title="Brøyting", text="Hei! Brøytingen er i gang.")
    assert answer_template_use(actor=admin_user, template=tomming).startswith("Hei! Meld fra")
    assert [t.title for t in answer_templates(actor=admin_user)] == ["Tømming", "Brøyting"]
    with pytest.raises(ValidationError):
        answer_template_create(actor=admin_user, title="Tømming", text="Igjen")
    with pytest.raises(PermissionDenied):
        answer_template_create(actor=make_user(Role.ARKIVAR), title="X", text="Y")
    assert AnswerTemplate.objects.count() == 2


def test_tagging_from_the_page_refuses_an_overlong_note_and_stores_nothing(item, make_user):
    from django.test import Client

    from somevakt.servicedesk.models import ServiceDeskTag

    client = Client()
    log_in(client, make_user(Role.ANSATT))
    answer = client.post(f"/servicedesk/items/{item.pk}/tag/", {"note": "x" * 1001}, follow=True)
    assert "Ikke merket:" in answer.content.decode()
    assert not ServiceDeskTag.objects.exists()
    answer = client.post(f"/servicedesk/items/{item.pk}/tag/", {"note": "Renovasjon"})
    assert answer.status_code == 302 and ServiceDeskTag.objects.get().note == "Renovasjon"
    assert client.post("/servicedesk/items/999999/tag/", {"note": ""}).status_code == 404

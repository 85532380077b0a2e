"""The service desk's work: tagged items, handling them, answer templates (L3)."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from somevakt.audit.services import audit_record
from somevakt.inbox.models import Item
from somevakt.organisation.permissions import Action, Actor, require, user_of
from somevakt.servicedesk.models import AnswerTemplate, ServiceDeskTag


@transaction.atomic
def item_tag_for_service_desk(*, actor: Actor, item: Item, note: str = "") -> ServiceDeskTag:
    """Any staff member marks an item «for servicekontoret»; tagging it again while it
    waits adds to the note instead of making a second entry."""
    require(actor, Action.TAG_FOR_SERVICE_DESK)
    note = note.strip()
    waiting = (
        ServiceDeskTag.objects.select_for_update()
        .filter(item=item, handled_at__isnull=True)
        .first()
    )
    if waiting is not None:
        if note:
            waiting.note = f"{waiting.note}\n{note}".strip()
            waiting.save(update_fields=["note"])
            audit_record(actor=actor, action="servicedesk.note", target=waiting, reason=note)
        return waiting
    tag = ServiceDeskTag.objects.create(item=item, note=note, tagged_by=user_of(actor))
    audit_record(actor=actor, action="servicedesk.tag", target=tag, reason=note)
    return tag


@transaction.atomic
def service_desk_tag_handle(*, actor: Actor, tag: ServiceDeskTag) -> ServiceDeskTag:
    require(actor, Action.HANDLE_SERVICE_DESK)
    handled = ServiceDeskTag.objects.filter(pk=tag.pk, handled_at__isnull=True).update(
        handled_at=timezone.now(), handled_by=user_of(actor)
    )
    tag.refresh_from_db()
    if handled:
        audit_record(actor=actor, action="servicedesk.handled", target=tag)
    return tag


def answer_template_create(*, actor: Actor, title: str, text: str) -> AnswerTemplate:
    """Save a Norwegian answer to a frequent question for admins to reuse."""
    require(actor, Action.MANAGE_ANSWER_TEMPLATES)
    template = AnswerTemplate(title=title.strip(), text=text.strip(), created_by=user_of(actor))
    template.full_clean()  # a clear error on an empty or repeated title
    with transaction.atomic():
        template.save()
        audit_record(actor=actor, action="servicedesk.template_created", target=template)
    return template


def answer_template_use(*, actor: Actor, template: AnswerTemplate) -> str:
    """The template's text for an answer; counts the use, so frequent ones come first."""
    require(actor, Action.MANAGE_ANSWER_TEMPLATES)
    AnswerTemplate.objects.filter(pk=template.pk).update(use_count=F("use_count") + 1)
    return template.text

from django.db.models import QuerySet

from somevakt.inbox.models import Item
from somevakt.organisation.permissions import Action, Actor, require
from somevakt.servicedesk.models import AnswerTemplate, ServiceDeskTag
from somevakt.sources.selectors import channels_visible_to


def service_desk_list(*, actor: Actor, handled: bool = False) -> QuerySet[ServiceDeskTag]:
    """Items tagged for the service desk, waiting ones first and newest first."""
    require(actor, Action.TAG_FOR_SERVICE_DESK)
    return (
        ServiceDeskTag.objects.filter(
            handled_at__isnull=not handled, item__channel__in=channels_visible_to(actor)
        )
        .select_related("item__channel", "tagged_by", "handled_by")
        .order_by("-tagged_at")
    )


def taggable_items(*, actor: Actor) -> QuerySet[Item]:
    """The items this actor may tag: not those of secret groups they are not in."""
    require(actor, Action.TAG_FOR_SERVICE_DESK)
    return Item.objects.filter(channel__in=channels_visible_to(actor))


def answer_templates(*, actor: Actor) -> QuerySet[AnswerTemplate]:
    """Answer templates, the most used first."""
    require(actor, Action.TAG_FOR_SERVICE_DESK)
    return AnswerTemplate.objects.order_by("-use_count", "title")

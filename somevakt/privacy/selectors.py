from typing import Any

from django.db.models import Q, QuerySet

from somevakt.archive.models import ArchiveDecision, Journalpost
from somevakt.audit.models import AuditEntry
from somevakt.connectors.models import RawEvent
from somevakt.deadlines.models import QuestionClock
from somevakt.inbox.models import Author, Item
from somevakt.moderation.models import Ban, DeletionRecord, ModerationCase, Strike
from somevakt.organisation.permissions import Action, Actor, require
from somevakt.privacy.models import LegalHold


def authors_find(*, actor: Actor, query: str, limit: int = 50) -> QuerySet[Author]:
    """Author records on any platform whose name or platform id contains `query`."""
    require(actor, Action.EXPORT_PERSONAL_DATA)
    query = query.strip()
    if not query:
        return Author.objects.none()
    return Author.objects.filter(
        Q(display_name__icontains=query) | Q(platform_author_id__icontains=query)
    ).order_by("display_name", "platform")[:limit]


def exports_recent(*, actor: Actor, limit: int = 20) -> QuerySet[AuditEntry]:
    """Who exported whose data lately, from the audit trail."""
    require(actor, Action.EXPORT_PERSONAL_DATA)
    return AuditEntry.objects.filter(action="privacy.export").order_by("-sequence")[:limit]


def _case(case: ModerationCase) -> dict[str, Any]:
    data: dict[str, Any] = {
        "state": case.state,
        "origin": case.origin,
        "rules_found": case.rules,
        "opened_at": case.opened_at,
        "hidden": case.is_hidden,
        "rules_cited": case.proposed_rules,
        "reason_for_deletion": case.proposal_reason,
        "proposed_at": case.proposed_at,
        "decided_at": case.decided_at,
        "reason_for_decision": case.decision_reason,
        "feedback": None,
        "deletion_record": None,
    }
    feedback = getattr(case, "feedback", None)
    if feedback is not None:
        data["feedback"] = {
            "language": feedback.language,
            "text": feedback.text,
            "route": feedback.route,
            "state": feedback.state,
            "sent_at": feedback.sent_at,
        }
    record: DeletionRecord | None = getattr(case, "deletion_record", None)
    if record is not None:
        data["deletion_record"] = {
            "content": record.content,
            "rules": record.rules,
            "reason": record.reason,
            "approved_at": record.approved_at,
            "executed_at": record.executed_at,
            "feedback_text": record.feedback_text,
            "archived_at": record.archived_at,
        }
    return data


def _item(item: Item, clocks: dict[int, QuestionClock]) -> dict[str, Any]:
    clock = clocks.get(item.pk)
    case = getattr(item, "case", None)
    return {
        "platform": item.platform,
        "external_id": item.external_id,
        "channel": item.channel.name,
        "conversation": item.thread.external_id,
        "kind": item.kind,
        "published_at": item.published_at,
        "text": item.text,
        "links": item.links,
        "attachments": item.attachments,
        "hidden_on_platform": item.is_hidden_on_platform,
        "deleted_on_platform_at": item.deleted_on_platform_at,
        "received_at": item.received_at,
        "versions": [
            {
                "written_at": version.platform_time,
                "text": version.text,
                "links": version.links,
                "attachments": version.attachments,
                "received_at": version.received_at,
            }
            for version in item.versions.all()
        ],
        "screenings": [
            {
                "screened_at": screening.screened_at,
                "policy_version": screening.policy_version.sha256
                if screening.policy_version
                else "",
                "current": screening.is_current,
                "language": screening.language,
                "question": screening.is_question,
                "needs_case_processing": screening.needs_case_processing,
                "severity": screening.severity,
                "rules": screening.rules,
                "findings": [
                    {
                        "rule": finding.rule,
                        "words": finding.words,
                        "severity": finding.severity,
                        "confidence": finding.confidence,
                        "reason": finding.reason,
                    }
                    for finding in screening.findings.all()
                ],
            }
            for screening in item.screenings.all()
        ],
        "moderation_case": _case(case) if case is not None else None,
        "question": {
            "asked_at": clock.asked_at,
            "due_at": clock.due_at,
            "answered_at": clock.answered_at,
            "answered_in_time": clock.answered_in_time,
            "answer": clock.answer_item.text if clock.answer_item else "",
        }
        if clock is not None
        else None,
        "service_desk_notes": [
            {"note": tag.note, "tagged_at": tag.tagged_at, "handled_at": tag.handled_at}
            for tag in item.service_desk_tags.all()
        ],
    }


def author_data(*, actor: Actor, authors: list[Author]) -> dict[str, Any]:
    """Everything somevakt holds about these author records (GDPR art. 15), as plain data.

    Staff are named by their role in the steps, not by name: the export is about the
    author, and the employees' names are not the author's data.
    """
    require(actor, Action.EXPORT_PERSONAL_DATA)
    items = list(
        Item.objects.filter(author__in=authors)
        .select_related("channel", "thread", "case__feedback", "case__deletion_record")
        .prefetch_related(
            "versions",
            "screenings__findings",
            "screenings__policy_version",
            "service_desk_tags",
        )
        .order_by("published_at", "pk")
    )
    clocks = {
        clock.item_id: clock
        for clock in QuestionClock.objects.filter(item__in=items).select_related("answer_item")
    }
    thread_ids = {item.thread_id for item in items}
    cases = [item.case for item in items if hasattr(item, "case")]
    decisions = ArchiveDecision.objects.filter(
        Q(thread_id__in=thread_ids) | Q(deletion_record__case__in=cases)
    ).order_by("pk")
    journalposts = {
        jp.decision_id: jp
        for jp in Journalpost.objects.filter(decision__in=decisions).select_related("saksmappe")
    }
    strikes = Strike.objects.filter(author__in=authors).order_by("given_at")
    bans = Ban.objects.filter(author__in=authors).order_by("proposed_at")
    targets = [("inbox.item", item.pk) for item in items]
    targets += [("moderation.moderationcase", case.pk) for case in cases]
    targets += [("moderation.ban", ban.pk) for ban in bans]
    targets += [("inbox.author", author.pk) for author in authors]
    audit_filter = Q(pk__in=[])
    for target_type in {t for t, _ in targets}:
        ids = [str(pk) for t, pk in targets if t == target_type]
        audit_filter |= Q(target_type=target_type, target_id__in=ids)
    return {
        "authors": [
            {
                "platform": author.platform,
                "id_on_platform": author.platform_author_id,
                "name": author.display_name,
                "first_seen_at": author.first_seen_at,
            }
            for author in authors
        ],
        "items": [_item(item, clocks) for item in items],
        "strikes": [
            {"given_at": strike.given_at, "rules": strike.rules, "case_item": strike.case.item_id}
            for strike in strikes.select_related("case")
        ],
        "bans": [
            {
                "state": ban.state,
                "rules": ban.rules,
                "reason": ban.reason,
                "proposed_at": ban.proposed_at,
                "decided_at": ban.decided_at,
                "reason_for_decision": ban.decision_reason,
                "lifted_at": ban.lifted_at,
                "reason_for_lifting": ban.lift_reason,
            }
            for ban in bans
        ],
        "archive": [
            {
                "unit": decision.unit_kind,
                "conversation": decision.thread.external_id if decision.thread else "",
                "state": decision.state,
                "outcome": decision.outcome,
                "reasons": decision.reasons,
                "confirmed_at": decision.confirmed_at,
                "journalpost": {
                    "number": journalposts[decision.pk].registrerings_id,
                    "saksmappe": journalposts[decision.pk].saksmappe.mappe_id,
                    "title": journalposts[decision.pk].tittel,
                    "journal_date": journalposts[decision.pk].journaldato,
                    "screening": journalposts[decision.pk].skjermingshjemmel,
                }
                if decision.pk in journalposts
                else None,
            }
            for decision in decisions.select_related("thread")
        ],
        "legal_holds": [
            {"reason": hold.reason, "placed_at": hold.placed_at, "released_at": hold.released_at}
            for hold in LegalHold.objects.filter(
                Q(author__in=authors) | Q(thread_id__in=thread_ids)
            )
        ],
        "raw_platform_events": [
            {
                "platform": event.platform,
                "source": event.source,
                "field": event.field,
                "verb": event.verb,
                "received_at": event.received_at,
                "payload": event.payload,
            }
            for event in RawEvent.objects.filter(
                external_id__in=[item.external_id for item in items]
            ).order_by("received_at")
        ],
        "history": [
            {
                "recorded_at": entry.recorded_at,
                "action": entry.action,
                "object": entry.target_type,
                "by": "somevakt" if entry.actor_id is None else "staff",
                "reason": entry.reason,
            }
            for entry in AuditEntry.objects.filter(audit_filter).order_by("sequence")
        ],
    }

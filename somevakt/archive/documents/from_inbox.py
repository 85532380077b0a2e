"""Build archival units from the database: a thread from the inbox (A1, A3, A4) or a
deletion record from moderation (A6). Reads only, in a constant number of queries
whatever the size of the thread."""

from __future__ import annotations

from datetime import date, datetime
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from somevakt.archive.documents.units import (
    ArchivalUnit,
    ArchivalUnitError,
    Attachment,
    Deletion,
    Entry,
    EntryKind,
    EntryState,
    Producer,
    UnitKind,
    Version,
)
from somevakt.inbox.models import Item, ItemKind, Thread
from somevakt.inbox.selectors import thread_tree
from somevakt.moderation.models import AuthorFeedback, DeletionRecord
from somevakt.policy.models import PolicyVersion
from somevakt.policy.selectors import policy_in_force
from somevakt.sources.models import Channel, ChannelType

TITLE_LENGTH = 100

# The unit kind a channel gives when nothing else is decided: a net meeting is kept as
# one document (A3), a blog post with its comments (A4). A1 (inquiry and answer) is a
# classification outcome, so the classifier passes it in.
KIND_BY_CHANNEL_TYPE: dict[str, UnitKind] = {
    ChannelType.NET_MEETING: UnitKind.NET_MEETING,
    ChannelType.BLOG: UnitKind.BLOG_POST,
}


def unit_from_thread(
    *,
    thread_id: int,
    kind: UnitKind | None = None,
    policy: PolicyVersion | None = None,
    language: str = "nb",
) -> ArchivalUnit:
    """The whole thread as one unit: every item, answered or not, with every version.

    `kind` defaults by channel (A3, A4, else a plain thread); `policy` to the one in force.
    """
    items = (
        Item.objects.select_related("author")
        .prefetch_related("versions")
        .order_by("published_at", "id")
    )
    try:
        thread = (
            Thread.objects.select_related("channel")
            .prefetch_related(
                Prefetch("items", queryset=items),
                Prefetch("channel__members"),
            )
            .get(pk=thread_id)
        )
    except Thread.DoesNotExist:
        raise ArchivalUnitError(
            f"There is no thread {thread_id}: give the id of a thread in the inbox."
        ) from None
    channel = thread.channel
    ordered = thread_tree(thread)
    # An item whose parent sits outside the thread is not reached from the post; it is
    # still part of the conversation, so it goes last rather than missing.
    reached = {item.pk for item, _depth in ordered}
    ordered += [(item, 0) for item in thread.items.all() if item.pk not in reached]
    if not ordered:
        raise ArchivalUnitError(
            f"Thread {thread_id} has no items yet: archive it once its post has arrived."
        )
    policy = policy or policy_in_force()
    staff = _staff(channel)
    refs = {item.pk: item.external_id for item, _depth in ordered}
    entries = tuple(_entry(item, depth, staff, refs) for item, depth in ordered)
    with translation.override(language):
        return ArchivalUnit(
            kind=kind or KIND_BY_CHANNEL_TYPE.get(channel.channel_type, UnitKind.THREAD),
            title=_title(ordered[0][0].text, channel, thread.started_at),
            municipality=_municipality(policy),
            platform=thread.platform,
            channel_name=channel.name,
            channel_address=channel.url,
            channel_type=channel.channel_type,
            entries=entries,
            policy_version=policy.sha256,
            produced_by=_producer(f"inbox.Thread {thread.pk}"),
            language=language,
            metadata=(("thread", f"{thread.platform}:{thread.external_id}"),),
        )


def unit_from_deletion(*, record_id: int, language: str = "nb") -> ArchivalUnit:
    """A6: the deleted content as it was recorded at approval, the decision, and the
    feedback sent to its author, as one unit."""
    try:
        record = DeletionRecord.objects.select_related(
            "case__item__channel", "proposed_by", "approved_by"
        ).get(pk=record_id)
    except DeletionRecord.DoesNotExist:
        raise ArchivalUnitError(
            f"There is no deletion record {record_id}: give the id of an approved deletion."
        ) from None
    case = record.case
    channel = case.item.channel
    feedback = AuthorFeedback.objects.filter(case=case).first()
    policy = PolicyVersion.objects.filter(sha256=record.policy_sha256).first() or policy_in_force()
    municipality = _municipality(policy)
    deleted = _entry_from_snapshot(record.content, fallback_time=record.proposed_at)
    sent_at = feedback.sent_at if feedback else None
    told = Entry(
        ref=f"feedback-{case.pk}",
        kind=EntryKind.FEEDBACK,
        author_name=municipality,
        by_municipality=True,
        published_at=sent_at,
        versions=(Version(text=record.feedback_text, written_at=sent_at or record.approved_at),),
        parent_ref=deleted.ref,
        depth=1,
    )
    deletion = Deletion(
        rules=tuple(str(rule) for rule in record.rules),
        reason=record.reason,
        proposed_at=record.proposed_at,
        proposed_by=_user_name(record.proposed_by),
        approved_at=record.approved_at,
        approved_by=_user_name(record.approved_by),
        executed_at=record.executed_at,
        feedback_text=record.feedback_text,
        feedback_route=feedback.get_route_display() if feedback else "",
        feedback_sent_at=sent_at,
    )
    with translation.override(language):
        title = _("Deletion in %(channel)s, %(date)s") % {
            "channel": channel.name,
            "date": f"{timezone.localdate(record.approved_at):%d.%m.%Y}",
        }
    return ArchivalUnit(
        kind=UnitKind.DELETION,
        title=title,
        municipality=municipality,
        platform=channel.platform,
        channel_name=channel.name,
        channel_address=channel.url,
        channel_type=channel.channel_type,
        entries=(deleted, told),
        policy_version=record.policy_sha256,
        produced_by=_producer(f"moderation.DeletionRecord {record.pk}"),
        deletion=deletion,
        language=language,
        metadata=(("case", str(case.pk)),),
    )


def _entry(
    item: Item,
    depth: int,
    staff: dict[str, list[tuple[date, date | None]]],
    refs: dict[int, str],
) -> Entry:
    versions = tuple(
        Version(
            text=v.text,
            written_at=v.platform_time,
            links=tuple(v.links or ()),
            attachments=_attachments(v.attachments),
        )
        for v in item.versions.all()  # ordered by platform time (ItemVersion.Meta)
    )
    if not versions:  # an item known only by its current content
        written = item.content_at or item.published_at or item.received_at
        versions = (Version(item.text, written, tuple(item.links), _attachments(item.attachments)),)
    author = item.author
    written = item.published_at or versions[0].written_at
    state_at: datetime | None
    if item.deleted_on_platform_at:
        state, state_at = EntryState.DELETED, item.deleted_on_platform_at
    elif item.is_hidden_on_platform:
        state, state_at = EntryState.HIDDEN, item.hidden_state_at
    else:
        state, state_at = EntryState.PUBLISHED, None
    return Entry(
        ref=item.external_id,
        kind=EntryKind(item.kind),
        author_name=author.display_name if author else "",
        author_ref=author.platform_author_id if author else "",
        by_municipality=author is not None
        and _for_municipality(staff, author.platform_author_id, written),
        published_at=item.published_at,
        versions=versions,
        parent_ref=refs.get(item.parent_id, "") if item.parent_id else item.parent_external_id,
        depth=depth,
        state=state,
        state_at=state_at,
    )


def _entry_from_snapshot(content: dict[str, Any], *, fallback_time: datetime) -> Entry:
    """The deleted item from the record's snapshot (moderation's `_content_snapshot`)."""
    author = content.get("author") or {}
    attachments = _attachments(content.get("attachments") or [])
    versions = [
        Version(
            text=v.get("text", ""),
            written_at=_moment(v.get("written")) or fallback_time,
            links=tuple(v.get("links") or ()),
        )
        for v in content.get("versions") or []
    ]
    published = _moment(content.get("published_at"))
    if not versions:
        versions = [Version(content.get("text", ""), published or fallback_time)]
    # The snapshot keeps attachments for the content as it stood: they belong to the last.
    last = versions[-1]
    versions[-1] = Version(last.text, last.written_at, last.links, attachments)
    kind = content.get("kind", ItemKind.COMMENT)
    return Entry(
        ref=content.get("external_id") or "deleted",
        kind=EntryKind(kind) if kind in EntryKind._value2member_map_ else EntryKind.COMMENT,
        author_name=author.get("name", ""),
        author_ref=author.get("id", ""),
        by_municipality=False,
        published_at=published,
        versions=tuple(versions),
        state=EntryState.DELETED,
    )


def _attachments(raw: list[dict[str, Any]] | None) -> tuple[Attachment, ...]:
    return tuple(
        Attachment(
            type=str(a.get("type") or "file"),
            name=str(a.get("name") or ""),
            mime_type=str(a.get("mime_type") or ""),
            size=a.get("size"),
            url=str(a.get("url") or ""),
        )
        for a in raw or []
    )


def _staff(channel: Channel) -> dict[str, list[tuple[date, date | None]]]:
    """Who writes for the municipality here, and when: the channel itself (a page
    answering as the page) always, an employee member while the membership lasts."""
    staff: dict[str, list[tuple[date, date | None]]] = {channel.external_id: [(date.min, None)]}
    for member in channel.members.all():
        if member.is_employee and member.platform_person_id:
            staff.setdefault(member.platform_person_id, []).append((member.since, member.until))
    return staff


def _for_municipality(
    staff: dict[str, list[tuple[date, date | None]]], author_ref: str, at: datetime
) -> bool:
    day = timezone.localdate(at)
    return any(
        since <= day and (until is None or day <= until)
        for since, until in staff.get(author_ref, ())
    )


def _title(text: str, channel: Channel, started_at: datetime) -> str:
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if not first_line:
        return f"{channel.name} {timezone.localdate(started_at):%d.%m.%Y}"
    if len(first_line) > TITLE_LENGTH:
        return first_line[: TITLE_LENGTH - 1].rstrip() + "…"
    return first_line


def _municipality(policy: PolicyVersion) -> str:
    document = policy.document or {}
    return (document.get("municipality") or {}).get("name") or (document.get("policy") or {}).get(
        "adopted_by", ""
    )


def _user_name(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _moment(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    return parse_datetime(value) if value else None


def _producer(source: str) -> Producer:
    try:
        software_version = version("somevakt")
    except PackageNotFoundError:  # run from a checkout that was never installed
        software_version = "0"
    return Producer(software="somevakt", software_version=software_version, source=source)

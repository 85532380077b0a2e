"""An archival unit as XML, valid against the package's own schema (unit.xsd)."""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache
from pathlib import Path

from lxml import etree

from somevakt.archive.documents.units import ArchivalUnit, Version

NAMESPACE = "urn:x-somevakt:archive-unit:1"
SCHEMA_PATH = Path(__file__).resolve().parent / "unit.xsd"
_N = f"{{{NAMESPACE}}}"
# Characters XML 1.0 cannot carry; the JSON beside the XML keeps them exactly.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def unit_xml(unit: ArchivalUnit) -> bytes:
    root = etree.Element(_N + "unit", nsmap={None: NAMESPACE})
    root.set("kind", unit.kind.value)
    root.set("language", unit.language)
    _text(root, "title", unit.title)
    _text(root, "municipality", unit.municipality)
    _text(root, "platform", unit.platform)
    channel = etree.SubElement(root, _N + "channel")
    if unit.channel_type:
        channel.set("type", unit.channel_type)
    _text(channel, "name", unit.channel_name)
    if unit.channel_address:
        _text(channel, "address", unit.channel_address)
    _text(root, "policyVersion", unit.policy_version)
    producer = etree.SubElement(root, _N + "producedBy")
    producer.set("software", unit.produced_by.software)
    producer.set("version", unit.produced_by.software_version)
    producer.set("source", unit.produced_by.source)
    _text(root, "startedAt", _time(unit.started_at))
    _text(root, "createdAt", _time(unit.created_at))
    for key, value in unit.metadata:
        _text(root, "fact", value).set("key", _clean(key))
    if unit.deletion is not None:
        d = unit.deletion
        deletion = etree.SubElement(root, _N + "deletion")
        for rule in d.rules:
            _text(deletion, "rule", rule)
        _text(deletion, "reason", d.reason)
        _text(deletion, "proposedAt", _time(d.proposed_at))
        if d.proposed_by:
            _text(deletion, "proposedBy", d.proposed_by)
        _text(deletion, "approvedAt", _time(d.approved_at))
        if d.approved_by:
            _text(deletion, "approvedBy", d.approved_by)
        if d.executed_at:
            _text(deletion, "executedAt", _time(d.executed_at))
        feedback = _text(deletion, "feedback", d.feedback_text)
        if d.feedback_route:
            feedback.set("route", d.feedback_route)
        if d.feedback_sent_at:
            feedback.set("sentAt", _time(d.feedback_sent_at))
    entries = etree.SubElement(root, _N + "entries")
    entries.set("count", str(len(unit.entries)))
    for entry in unit.entries:
        element = etree.SubElement(entries, _N + "entry")
        element.set("ref", _clean(entry.ref))
        element.set("kind", entry.kind.value)
        element.set("depth", str(entry.depth))
        element.set("byMunicipality", "true" if entry.by_municipality else "false")
        element.set("state", entry.state.value)
        author = _text(element, "author", entry.author_name)
        if entry.author_ref:
            author.set("ref", _clean(entry.author_ref))
        if entry.parent_ref:
            _text(element, "parentRef", entry.parent_ref)
        if entry.published_at:
            _text(element, "publishedAt", _time(entry.published_at))
        if entry.state_at:
            _text(element, "stateAt", _time(entry.state_at))
        for number, version in enumerate(entry.versions, start=1):
            _version(element, number, version)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


@cache
def unit_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))


def _version(parent: etree._Element, number: int, version: Version) -> None:
    element = etree.SubElement(parent, _N + "version")
    element.set("number", str(number))
    element.set("writtenAt", _time(version.written_at))
    _text(element, "text", version.text)
    for link in version.links:
        _text(element, "link", link)
    for attachment in version.attachments:
        item = etree.SubElement(element, _N + "attachment")
        item.set("type", _clean(attachment.type))
        for attribute, value in (
            ("name", attachment.name),
            ("mimeType", attachment.mime_type),
            ("url", attachment.url),
        ):
            if value:
                item.set(attribute, _clean(value))
        if attachment.size is not None:
            item.set("size", str(attachment.size))


def _text(parent: etree._Element, tag: str, value: str) -> etree._Element:
    element = etree.SubElement(parent, _N + tag)
    element.text = _clean(value)
    return element


def _clean(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def _time(moment: datetime) -> str:
    return moment.isoformat()

"""The XML and JSON beside the PDF carry the same unit: the XML valid against the
package's schema, the JSON exact."""

import json

import pytest
from lxml import etree

from somevakt.archive.documents.render import render_json, render_unit, render_xml
from somevakt.archive.documents.structured import NAMESPACE, unit_schema
from somevakt.archive.documents.tests.conftest import comment, make_unit, post
from somevakt.archive.documents.units import UnitKind

KINDS = ["inquiry", "net_meeting", "blog_post", "deletion", "thread"]
N = {"u": NAMESPACE}


@pytest.mark.parametrize("kind", KINDS)
def test_the_xml_of_every_kind_is_valid_against_the_schema(every_kind, kind):
    document = etree.fromstring(render_xml(every_kind[kind]).content)
    schema = unit_schema()
    assert schema.validate(document), schema.error_log


def test_the_schema_rejects_what_it_should():
    document = etree.fromstring(render_xml(make_unit()).content)
    document.find("u:entries/u:entry", N).set("kind", "gossip")
    assert not unit_schema().validate(document)


def test_the_xml_keeps_every_version_and_attachment(every_kind):
    unit = every_kind["thread"]
    document = etree.fromstring(render_xml(unit).content)
    entry = document.find("u:entries/u:entry[@ref='c1']", N)
    versions = entry.findall("u:version", N)
    assert [v.findtext("u:text", namespaces=N) for v in versions] == [
        "Første utgave",
        "Andre utgave med vedlegg",
    ]
    attachment = versions[1].find("u:attachment", N)
    assert dict(attachment.attrib) == {
        "type": "photo",
        "name": "bilde.jpg",
        "mimeType": "image/jpeg",
        "url": "https://cdn.example.org/b.jpg",
        "size": "2048",
    }
    assert document.find("u:entries", N).get("count") == "2"


def test_the_deletion_is_in_the_xml(every_kind):
    document = etree.fromstring(render_xml(every_kind["deletion"]).content)
    deletion = document.find("u:deletion", N)
    assert deletion.findtext("u:rule", namespaces=N) == "D5"
    assert deletion.find("u:feedback", N).text.startswith("Hei! Innlegget ditt er slettet")


def test_the_json_is_the_unit_exactly(every_kind):
    unit = every_kind["thread"]
    data = json.loads(render_json(unit).content)
    assert data["kind"] == "thread" and data["policy_version"] == unit.policy_version
    assert [v["text"] for v in data["entries"][1]["versions"]] == [
        "Første utgave",
        "Andre utgave med vedlegg",
    ]
    assert data["created_at"] == unit.created_at.isoformat()


def test_characters_xml_cannot_carry_are_marked_in_xml_and_kept_in_json():
    unit = make_unit(entries=(post(), comment(1, "bjelle\x07 og nul\x00 tegn")))
    document = etree.fromstring(render_xml(unit).content)
    assert unit_schema().validate(document)
    text = document.find("u:entries/u:entry[@ref='c1']/u:version/u:text", N).text
    assert text == "bjelle\ufffd og nul\ufffd tegn"
    assert json.loads(render_json(unit).content)["entries"][1]["versions"][0]["text"] == (
        "bjelle\x07 og nul\x00 tegn"
    )
    render_unit(unit)  # and the PDF does not fail on them


def test_each_file_has_its_checksum_and_size(every_kind):
    rendered = render_unit(every_kind["blog_post"], name="blogg-1")
    assert [f.name for f in rendered.files] == ["blogg-1.pdf", "blogg-1.xml", "blogg-1.json"]
    for file in rendered.files:
        assert len(file.sha256) == 64 and file.size == len(file.content) > 0
    assert len({f.sha256 for f in rendered.files}) == 3


def test_a_net_meeting_unit_says_so(every_kind):
    document = etree.fromstring(render_xml(every_kind["net_meeting"]).content)
    assert document.get("kind") == UnitKind.NET_MEETING.value

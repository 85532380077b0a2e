"""A unit that cannot be archived is refused when it is made, saying what and where."""

import datetime

import pytest

from somevakt.archive.documents.render import render_pdf, render_unit
from somevakt.archive.documents.tests.conftest import T0, comment, make_unit, post
from somevakt.archive.documents.units import (
    ArchivalUnitError,
    Attachment,
    Deletion,
    Entry,
    EntryKind,
    UnitKind,
    Version,
)


def test_a_unit_without_entries_is_refused():
    with pytest.raises(ArchivalUnitError, match="has no entries"):
        make_unit(entries=())


def test_a_unit_without_title_or_municipality_is_refused():
    with pytest.raises(ArchivalUnitError, match="has no title"):
        make_unit(title="  ")
    with pytest.raises(ArchivalUnitError, match="names no municipality"):
        make_unit(municipality="")


def test_an_entry_without_versions_is_refused():
    with pytest.raises(ArchivalUnitError, match="entry 'c1' has no version"):
        comment(1, versions=())


def test_a_time_without_zone_names_the_entry_and_field():
    naive = datetime.datetime(2026, 11, 23, 10, 0)
    with pytest.raises(ArchivalUnitError, match="entry 'c1', published_at: .* no time zone"):
        comment(1, published_at=naive)
    with pytest.raises(ArchivalUnitError, match="entry 'c2', version 1"):
        comment(2, versions=(Version("x", naive),))


def test_versions_out_of_order_are_refused():
    later, earlier = Version("b", T0 + datetime.timedelta(hours=1)), Version("a", T0)
    with pytest.raises(ArchivalUnitError, match="out of order: list them oldest first"):
        comment(1, versions=(later, earlier))


def test_the_same_entry_twice_is_refused():
    with pytest.raises(ArchivalUnitError, match="has entry 'c1' twice"):
        make_unit(entries=(post(), comment(1), comment(1)))


def test_a_deletion_unit_needs_its_deletion_and_only_it_has_one():
    with pytest.raises(ArchivalUnitError, match=r"A deletion unit \(A6\) needs its deletion"):
        make_unit(UnitKind.DELETION)
    deletion = Deletion(rules=("D5",), reason="", proposed_at=T0, approved_at=T0,
                        feedback_text="Slettet.")  # fmt: skip
    with pytest.raises(ArchivalUnitError, match="Only a deletion unit carries a deletion"):
        make_unit(UnitKind.THREAD, deletion=deletion)


def test_a_deletion_without_feedback_is_refused():
    with pytest.raises(ArchivalUnitError, match="no feedback text"):
        Deletion(rules=("D5",), reason="", proposed_at=T0, approved_at=T0, feedback_text=" ")


def test_bad_attachments_are_refused():
    with pytest.raises(ArchivalUnitError, match="attachment has no type"):
        Attachment(type="")
    with pytest.raises(ArchivalUnitError, match="negative size"):
        Attachment(type="photo", name="a.jpg", size=-1)


def test_an_entry_without_reference_is_refused():
    with pytest.raises(ArchivalUnitError, match="no reference"):
        Entry(ref="", kind=EntryKind.POST, author_name="", by_municipality=False,
              published_at=None, versions=(Version("x", T0),))  # fmt: skip


def test_rendering_something_else_than_a_unit_is_a_clear_error():
    with pytest.raises(ArchivalUnitError, match="Only an ArchivalUnit can be rendered, not dict"):
        render_pdf({"title": "x"})  # type: ignore[arg-type]
    with pytest.raises(ArchivalUnitError, match="not NoneType"):
        render_unit(None)  # type: ignore[arg-type]

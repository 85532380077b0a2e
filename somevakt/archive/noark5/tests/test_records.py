"""Records refuse at creation what the schemas or Arkade would reject later."""

from dataclasses import replace
from datetime import datetime

import pytest

from somevakt.archive.noark5 import records as r
from somevakt.archive.noark5.tests import support as s


def test_catalogue_values_are_accepted_as_text_and_carry_their_code():
    part = r.Korrespondansepart("Intern avsender", "Sara")
    assert part.korrespondanseparttype is r.Korrespondanseparttype.INTERN_AVSENDER
    assert part.korrespondanseparttype.code == "IA"
    assert r.Journalposttype("Organinternt dokument uten oppfølging").code == "X"
    assert all(value.code for enum in (r.Journalstatus, r.Saksstatus) for value in enum)


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"system_id": "17"}, "must be a UUID"),
        ({"opprettet_dato": datetime(2025, 1, 1)}, "time zone"),
        ({"tittel": "  "}, "empty"),
        ({"journalposttype": "Innkommende"}, "not a catalogue value"),
        ({"journalsekvensnummer": 0}, "≥ 1"),
    ],
)
def test_a_bad_value_is_refused_with_the_field_named(change, says):
    with pytest.raises(r.Noark5Error, match=says):
        replace(s.journalpost(1), **change)


def test_a_dokumentobjekt_needs_a_sha256_and_a_path_inside_the_deposit():
    objekt = s.dokumentbeskrivelse(1).dokumentobjekter[0]
    with pytest.raises(r.Noark5Error, match="SHA-256"):
        replace(objekt, sjekksum="ABC")
    with pytest.raises(r.Noark5Error, match="relative path"):
        replace(objekt, referanse_dokumentfil="../../etc/passwd")


def test_a_skjerming_must_say_what_it_screens():
    with pytest.raises(r.Noark5Error, match="at least one"):
        r.Skjerming("13", "Offl. § 13", ())


@pytest.mark.skipif(
    not s.REFERENCE.is_dir(), reason=f"the reference copies are not here: {s.REFERENCE}"
)
def test_the_vendored_schemas_equal_the_official_copies():
    from somevakt.archive.noark5.xml import FIKS_ARKIV_SCHEMAS, NOARK5_SCHEMAS

    for ours, official in ((NOARK5_SCHEMAS, s.NOARK5), (FIKS_ARKIV_SCHEMAS, s.FIKS_ARKIV)):
        names = sorted(p.name for p in official.iterdir())
        assert sorted(p.name for p in ours.iterdir()) == names
        for name in names:
            assert (ours / name).read_bytes() == (official / name).read_bytes(), name

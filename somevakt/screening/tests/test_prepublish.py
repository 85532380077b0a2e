import dataclasses
import time

import pytest

from somevakt.screening.prepublish import PrepublishWarning, check_post


def kinds(text: str, sender: str = "Servicekontoret") -> list[tuple[str, str]]:
    return [(w.guideline, w.kind) for w in check_post(text, sender=sender)]


@pytest.mark.parametrize(
    ("text", "sender"),
    [
        (
            "Biblioteket har åpent til kl. 19 alle torsdager i desember. Velkommen innom!",
            "Rakkestad bibliotek",
        ),
        (
            "Søknadsfristen for barnehageplass er 1. mars. Søk på rakkestad.kommune.no. "
            "Hilsen oppvekstkontoret",
            "Oppvekst",
        ),
        (
            "Kommunestyret fattet i går vedtak om ny skolestruktur. Les saksframlegget på "
            "nettsidene våre. Hilsen Rakkestad kommune",
            "Rakkestad kommune",
        ),
        (
            "Hvis søknaden blir innvilget, får du svar i posten. Hilsen NAV Rakkestad",
            "NAV Rakkestad",
        ),
        (
            "Servicekontoret er stengt 24/12 og 31/12. Ring 69 22 31 00 ved spørsmål.",
            "Servicekontoret",
        ),
        (
            "Har du spørsmål om eiendomsskatten? Send e-post til post@rakkestad.kommune.no, "
            "ikke i kommentarfeltet.\nMvh Servicekontoret",
            "Servicekontoret",
        ),
        (
            "Influensavaksinen er tilgjengelig for alle over 65 år. Bestill time hos "
            "helsestasjonen.",
            "Helsestasjonen",
        ),
        ("Denne helga viser vi «Flåklypa Grand Prix» kl. 16.\n– Rakkestad kino", "Rakkestad kino"),
        ("Snøen kjem! Me brøyter frå klokka fire. Helsing teknisk drift", "Teknisk drift"),
        (
            "Nå kan du søke om kulturmidler for 2027. Søknaden må være sendt innen 15. "
            "februar. Hilsen kulturenheten",
            "Kulturenheten",
        ),
        (
            "Alle søknader om barnehageplass er nå behandlet, og svarbrev er sendt ut. "
            "Har du fått innvilget plass, må du svare innen 1. mai. Hilsen oppvekst",
            "Oppvekst",
        ),
        (
            "Open library hours this week: Monday to Friday 10–19. Regards, the library",
            "Biblioteket",
        ),
    ],
)
def test_clean_posts_give_no_warnings(text, sender):
    assert check_post(text, sender=sender) == ()


def test_an_empty_sender_is_warned_of_once_with_p6():
    warnings = check_post("Kinoen viser ny film fredag kl. 18.", sender="  ")

    assert [(w.guideline, w.kind, w.span) for w in warnings] == [("P6", "no_sender", None)]
    assert "tydelig avsender" in warnings[0].why


@pytest.mark.parametrize("text", ["God jul og godt nytt år!", "Happy new year, everyone!"])
def test_a_text_that_does_not_say_who_speaks_is_warned_of(text):
    assert kinds(text, sender="Frivillig sentral") == [("P6", "unsigned")]


@pytest.mark.parametrize(
    "text",
    [
        "God jul og godt nytt år! Hilsen alle oss på Frivillig sentral",
        "God jul!\n\nMed venleg helsing\nFrivilligsentralen",
        "God jul fra oss i Frivillig sentral!",
        "Merry Christmas! Kind regards, the volunteer centre",
    ],
)
def test_a_signed_text_or_one_naming_the_unit_has_a_sender(text):
    assert kinds(text, sender="Frivillig sentral") == []


@pytest.mark.parametrize(
    "text",
    [
        "Hei Ola! Søknaden din om startlån er innvilget. Hilsen Servicekontoret",
        "Søknaden din er innvilga. Helsing servicekontoret",
        "Vi har behandlet klagen din på eiendomsskatten, og den er ikke tatt til følge. "
        "Hilsen Servicekontoret",
        "Du har fått avslag på bostøtte fordi inntekten er for høy. Mvh Servicekontoret",
        "Kari Nilsen har fått innvilget dispensasjon for garasjen. Hilsen Servicekontoret",
        "Your application for a parking permit has been approved. Regards, Servicekontoret",
    ],
)
def test_a_decision_in_someones_case_is_case_processing(text):
    assert kinds(text) == [("P4", "case_decision")]


@pytest.mark.parametrize(
    "text",
    [
        "Send oss saksnummeret og fødselsnummeret ditt i en kommentar, så sjekker vi. "
        "Hilsen Servicekontoret",
        "Skriv adressen din i kommentarfeltet, så sender vi deg søknadsskjemaet. "
        "Mvh Servicekontoret",
        "Send oss detaljane i ei privat melding på Messenger. Helsing servicekontoret",
        "Please share your case number in the comments. Regards, Servicekontoret",
    ],
)
def test_asking_for_case_details_in_social_media_is_case_processing(text):
    assert kinds(text) == [("P4", "case_details")]


def test_a_case_number_is_case_processing_but_a_date_is_not():
    text = "Sak 23/01234 er ferdigbehandlet. Kontoret er stengt 24/12. Hilsen Plan og bygg"

    warnings = check_post(text, sender="Plan og bygg")

    assert [(w.kind, text[w.span[0] : w.span[1]]) for w in warnings] == [
        ("case_number", "23/01234")
    ]


def test_a_fodselsnummer_is_personal_data_and_its_span_points_at_it():
    text = "Vi fant en lommebok med førerkort, fødselsnummer 151086 95088. Hilsen Servicekontoret"

    (warning,) = check_post(text, sender="Servicekontoret")

    assert (warning.guideline, warning.kind) == ("P5", "id_number")
    assert text[warning.span[0] : warning.span[1]] == "151086 95088"
    assert "Fødselsnummer" in warning.why


def test_health_of_a_pupil_cites_p8():
    text = "Eleven i 3B som fikk påvist lus i går er tilbake. Hilsen Rakkestad ungdomsskole"

    assert kinds(text, sender="Rakkestad ungdomsskole") == [("P8", "health")]


@pytest.mark.parametrize(
    "text",
    [
        "Ola Hansen, som har vært sykmeldt med depresjon, er tilbake på jobb. Hilsen NAV",
        "Sønnen til Kari er i fosterhjem nå, og barnevernet følger opp. Hilsen NAV",
    ],
)
def test_health_and_child_welfare_of_a_named_person_is_sensitive(text):
    assert ("health" in [kind for _, kind in kinds(text, sender="NAV")]) is True


def test_a_private_persons_phone_number_is_warned_of():
    text = "Ring naboen hennes, Kari, på 912 34 567. Hilsen Servicekontoret"

    assert kinds(text) == [("P5", "contact")]


@pytest.mark.parametrize(
    ("text", "guideline"),
    [
        ("Vi lover at du vil få plass i barnehagen til høsten! Hilsen oppvekst", "P4"),
        ("Me lovar at du får innvilga søknaden. Helsing servicekontoret", "P4"),
        ("Kommunen skal sørge for at du får hjemmehjelp fra januar. Hilsen NAV", "P6"),
        ("Du vil få innvilget støtte, det er sikkert. Hilsen Servicekontoret", "P4"),
        ("Vi lover at veien blir brøytet før kl. 7 i morgen. Hilsen teknisk drift", "P6"),
        ("We promise you will get a place at the kindergarten. Regards, Servicekontoret", "P4"),
    ],
)
def test_a_promise_of_an_outcome_is_warned_of_once(text, guideline):
    assert kinds(text) == [(guideline, "promise")]


def test_warnings_come_in_the_order_of_the_text_with_norwegian_reasons_citing_the_guideline():
    text = (
        "Søknaden din er innvilget. Ring Kari på 912 34 567. Vi lover at du får plass i barnehagen."
    )

    warnings = check_post(text, sender="Oppvekst")

    assert [w.kind for w in warnings] == ["unsigned", "case_decision", "contact", "promise"]
    for warning in warnings:
        assert f"{warning.guideline}:" in warning.why
        assert warning.span is None or 0 <= warning.span[0] < warning.span[1] <= len(text)


def test_a_warning_is_a_frozen_value():
    (warning,) = check_post("Hei", sender="")

    assert isinstance(warning, PrepublishWarning)
    with pytest.raises(dataclasses.FrozenInstanceError):
        warning.kind = "other"  # type: ignore[misc]


def test_an_empty_text_has_only_the_sender_to_warn_of():
    assert check_post("", sender="Servicekontoret") == ()
    assert [w.kind for w in check_post("   ", sender="")] == ["no_sender"]


def test_a_long_post_is_checked_while_the_employee_types():
    paragraph = (
        "Rakkestad kommune inviterer til folkemøte om ny kommuneplan i kulturhuset. "
        "Søknaden din er innvilget. Vi lover at du får plass. Ring Kari på 912 34 567. "
    )
    text = paragraph * 40  # about 6,000 characters, far longer than a post
    check_post(text, sender="Rakkestad kommune")

    started = time.perf_counter()
    for _ in range(5):
        check_post(text, sender="Rakkestad kommune")
    elapsed = (time.perf_counter() - started) / 5

    assert elapsed < 0.25

"""The arkivar confirms one proposal and overrides another, each in one click in the
archive room, and the public journal shows the result; axe-core finds no WCAG 2.1 AA
violation on any of these pages."""

import pytest

from conftest import log_in
from somevakt.archive.models import ArchiveDecision, DecisionState, Journalpost
from somevakt.archive.services import threads_classify

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_arkivar_confirms_and_overrides_in_one_click(
    page, axe_violations, conversation, arkivar
):
    journaled = conversation(
        (True, "Kokevarsel for Os: drikkevannet må kokes inntil videre."),
        (False, "Hvor lenge varer kokevarselet i Os?"),
        (True, "Hei! Kokevarselet gjelder til vi har fått nye prøvesvar, trolig fredag."),
    )
    simple = conversation(
        (True, "Vafler og allsang i kafeen på Skautun fredag kl. 14."),
        (False, "Tusen takk for en fin kveld!"),
    )
    threads_classify()
    first = ArchiveDecision.objects.get(thread=journaled)
    second = ArchiveDecision.objects.get(thread=simple)

    log_in(page, arkivar)
    page.locator('nav a[href="/archive/"]').click()
    page.wait_for_url("**/archive/")
    assert page.locator("li.decision").count() == 2
    assert axe_violations(page) == []

    # One click confirms the proposal; htmx swaps the card in place.
    card = page.locator(f'li[data-decision="{first.pk}"]')
    card.locator("button.confirm").click()
    page.locator(f'li[data-decision="{first.pk}"][data-state="confirmed"]').wait_for()
    first.refresh_from_db()
    assert first.state == DecisionState.CONFIRMED and first.outcome == "journaled"
    assert Journalpost.objects.filter(decision=first).exists()

    # Override: another outcome with the reason, one click.
    card = page.locator(f'li[data-decision="{second.pk}"]')
    card.locator("select").select_option("archived")
    card.locator('input[name="reason"]').fill("Takken gjelder en konkret tjeneste")
    card.locator("button.override-button").click()
    page.locator(f'li[data-decision="{second.pk}"][data-state="confirmed"]').wait_for()
    second.refresh_from_db()
    assert (second.outcome, second.override_reason) == (
        "archived",
        "Takken gjelder en konkret tjeneste",
    )
    assert axe_violations(page) == []

    page.goto("/archive/journal/")
    assert Journalpost.objects.get().registrerings_id in page.content()
    assert axe_violations(page) == []
    page.goto("/archive/innsyn/?q=prøvesvar")
    assert axe_violations(page) == []

    page.context.clear_cookies()
    page.goto("/archive/public/")
    assert page.locator("tr.journal-line").count() == 1
    assert "Innbygger" not in page.locator("tbody").inner_text()
    assert axe_violations(page) == []

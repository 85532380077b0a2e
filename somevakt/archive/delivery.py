"""The arkivmelding of a journalpost and the transport it travels by (settings)."""

from django.conf import settings

from somevakt.archive.models import Journalpost
from somevakt.archive.noark5.arkivmelding import Message, build_arkivmelding
from somevakt.archive.noark5.transports import Transport, make_transport
from somevakt.archive.selectors import JOURNALPOST_PREFETCH, journalpost_record, saksmappe_record


def transport_from_settings() -> Transport:
    """A folder drop by default; the archive system's HTTP API when configured."""
    token = settings.SOMEVAKT_ARCHIVE_TOKEN
    return make_transport(
        settings.SOMEVAKT_ARCHIVE_TRANSPORT,
        folder=settings.SOMEVAKT_ARCHIVE_DROP_DIR,
        url=settings.SOMEVAKT_ARCHIVE_URL,
        auth_header=f"Bearer {token}" if token else "",
    )


def message_for(journalpost_id: int) -> Message:
    """One arkivmelding with the journalpost and its saksmappe: the archive answers an
    already known saksmappe as existing, so each message stands on its own, in any order."""
    post = (
        Journalpost.objects.select_related("saksmappe")
        .prefetch_related(*JOURNALPOST_PREFETCH)
        .get(pk=journalpost_id)
    )
    return build_arkivmelding(
        journalpost=journalpost_record(post), saksmappe=saksmappe_record(post.saksmappe)
    )

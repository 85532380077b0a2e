"""Publishing for the demo: a post the editor has approved, which the outbox publishes on
the fake Graph a minute after set-up (and then shows on the public page), one scheduled for
next week, and one waiting in the editor's review queue with a warning from the
pre-publish check."""

import datetime

from django.contrib.auth.models import User
from django.utils import timezone

from somevakt.policy.selectors import policy_in_force_or_none
from somevakt.publishing.services import post_approve, post_create, post_submit
from somevakt.sources.models import Channel


def demo_publishing(*, admin: User, informasjonsansvarlig: User) -> int:
    """Without a policy in force nothing can be reviewed under it, so nothing is written."""
    if policy_in_force_or_none() is None:
        return 0
    main_page = Channel.objects.get(slug="hovedprofil")
    now = timezone.now()
    soon = post_create(
        actor=admin,
        text=(
            "Brøyting: Storgata og Jernbanegata brøytes i natt mellom kl. 01 og 05. "
            "Flytt bilen din fra gatene før midnatt. Hilsen Rakkestad kommune"
        ),
        channels=[main_page],
        publish_at=now + datetime.timedelta(minutes=1),
    )
    post_approve(actor=informasjonsansvarlig, post=post_submit(actor=admin, post=soon))
    later = post_create(
        actor=admin,
        text=(
            "Biblioteket har utvidet åpningstid i jula: kl. 10–19 alle hverdager fra "
            "21. desember. Velkommen innom! Hilsen Rakkestad bibliotek"
        ),
        channels=[main_page],
        publish_at=now + datetime.timedelta(days=7),
    )
    post_approve(actor=informasjonsansvarlig, post=post_submit(actor=admin, post=later))
    waiting = post_create(
        actor=admin,
        text="Søknadsfristen for kulturmidler er 15. januar. Send oss spørsmål i kommentarfeltet!",
        channels=[main_page],
        publish_at=now + datetime.timedelta(days=2),
    )
    post_submit(actor=admin, post=waiting)  # unsigned (P6): the editor sees the warning
    return 3

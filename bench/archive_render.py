"""Seconds to render an archival unit (PDF/A-2 + XML + JSON): a typical conversation and
a net meeting of 2,000 comments. Prints the median of several runs after one warm-up.
Usage: python bench/archive_render.py [--runs N] [--large-runs N] [--comments N]
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
T0 = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC)
MINUTE = datetime.timedelta(minutes=1)


def build(comments: int, kind):
    from somevakt.archive.documents.units import (
        ArchivalUnit,
        Attachment,
        Entry,
        EntryKind,
        Producer,
        Version,
    )

    def entry(number: int) -> Entry:
        at = T0 + number * MINUTE
        text = f"Spørsmål {number}: når blir Storgata brøytet, og hvem har ansvaret?"
        versions = [Version(text, at)]
        if number % 5 == 0:  # every fifth edited, with a link and a photo
            versions.append(
                Version(
                    f"Spørsmål {number} (endret): gjelder også Torget og gang- og sykkelveien?",
                    at + MINUTE,
                    links=("https://www.rakkestad.kommune.no/brøyting",),
                    attachments=(Attachment("photo", f"bilde{number}.jpg", "image/jpeg", 48_213),),
                )
            )
        answer = number % 3 == 0
        return Entry(
            ref=f"c{number}",
            kind=EntryKind.REPLY if answer else EntryKind.COMMENT,
            author_name="Rakkestad kommune" if answer else f"Innbygger {number}",
            by_municipality=answer,
            published_at=at,
            versions=tuple(versions),
            parent_ref="p",
            depth=2 if answer else 1,
        )

    post = Entry("p", EntryKind.POST, "Rakkestad kommune", True, T0,
                 (Version("Brøyting i vinter\nHer er planen. Still spørsmål!", T0),))  # fmt: skip
    return ArchivalUnit(
        kind=kind,
        title="Brøyting i vinter",
        municipality="Rakkestad kommune",
        platform="facebook",
        channel_name="Rakkestad kommune",
        channel_address="https://www.facebook.com/rakkestadkommune",
        channel_type="main_page",
        entries=(post, *(entry(n) for n in range(1, comments + 1))),
        policy_version="ab" * 32,
        produced_by=Producer("somevakt", "bench", "bench"),
    )


def timed(unit, runs: int) -> tuple[float, int]:
    from somevakt.archive.documents.render import render_unit

    render_unit(unit)  # warm-up: fonts, templates
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        rendered = render_unit(unit)
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), rendered.pdf.size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--large-runs", type=int, default=3)
    parser.add_argument("--comments", type=int, default=2000)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "somevakt.settings")
    import django

    django.setup()
    from somevakt.archive.documents.units import UnitKind

    typical, size = timed(build(12, UnitKind.THREAD), args.runs)
    print(f"typical unit (post + 12 comments): median {typical:.3f} s of {args.runs}, "
          f"PDF {size / 1024:.0f} KiB")  # fmt: skip
    large, size = timed(build(args.comments, UnitKind.NET_MEETING), args.large_runs)
    print(f"net meeting of {args.comments} comments: median {large:.2f} s of "
          f"{args.large_runs}, PDF {size / 1024:.0f} KiB")  # fmt: skip


if __name__ == "__main__":
    main()

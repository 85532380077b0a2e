"""Driving a connector the way the poller does: page after page until it has no more."""

from somevakt.connectors.base import Page
from somevakt.connectors.platforms.common import events_of


def backfill_all(connector, limit=100):
    """Every page of the backfill: (changes, number of pages)."""
    changes, cursor, pages = [], None, 0
    while pages < limit:
        page: Page = connector.backfill(cursor)
        changes += page.changes
        pages += 1
        if page.cursor is None:
            return changes, pages
        cursor = page.cursor
    raise AssertionError("the backfill did not end")


def poll_until_done(connector, cursor, limit=100):
    """One poll round: pages while the cursor says more is ready; (changes, cursor, pages)."""
    changes, pages = [], 0
    while pages < limit:
        page = connector.poll(cursor)
        changes += page.changes
        pages += 1
        cursor = page.cursor
        if not cursor.get("more"):
            return changes, cursor, pages
    raise AssertionError("the poll did not end")


def events(changes):
    return events_of(changes)

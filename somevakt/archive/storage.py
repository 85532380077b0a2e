from pathlib import Path

from django.conf import settings


def archive_path(relative: str) -> Path:
    """Where a stored document lives: under SOMEVAKT_ARCHIVE_DIR, never outside it."""
    root = Path(settings.SOMEVAKT_ARCHIVE_DIR).resolve()
    target = (root / relative).resolve()
    if not target.is_relative_to(root):
        raise ValueError(f"{relative!r} points outside the archive folder")
    return target

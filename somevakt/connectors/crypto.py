"""Secrets at rest: access tokens and app secrets are stored encrypted (Fernet).

The keys come from settings.SOMEVAKT_FIELD_KEYS, newest first (SOMEVAKT_FIELD_KEY,
comma-separated, or SOMEVAKT_FIELD_KEY_FILE). MultiFernet decrypts with any of them and
encrypts with the first, so a key is rotated by putting the new one first and running
`manage.py connectors rotate-keys`. The embedded installation makes one key under var/.
"""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "SOMEVAKT_FIELD_KEY must be Fernet keys (32 url-safe base64 bytes), comma-"
            "separated, newest first; make one with `manage.py connectors new-key`."
        ) from exc


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.SOMEVAKT_FIELD_KEYS))


def encrypt(plain: str) -> str:
    return fernet().encrypt(plain.encode()).decode() if plain else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "A stored secret cannot be decrypted with SOMEVAKT_FIELD_KEY: the key was "
            "changed without keeping the old one after the new one."
        ) from None


def mask(plain: str) -> str:
    """How a secret is shown once stored: never the value, at most its last 4 characters."""
    if not plain:
        return ""
    return "••••" + (plain[-4:] if len(plain) >= 16 else "")


class EncryptedTextField(models.TextField):
    """A text field stored encrypted; Python code sees the plain text.

    The value is decrypted on load; it must never reach a template, log or form initial.
    """

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else ""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else ""

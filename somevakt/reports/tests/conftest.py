import pytest


@pytest.fixture(autouse=True)
def _english():
    """Figure names are asserted in English, the msgids, whatever catalogue is compiled."""
    from django.utils import translation

    with translation.override("en"):
        yield

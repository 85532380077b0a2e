import threading

import pytest

from somevakt.connectors.fakeplatform import FakePlatform, serve
from somevakt.connectors.models import ConnectedAccount
from somevakt.connectors.services import webhook_secrets_forget
from somevakt.sources.models import ChannelType

PAGE = "1234567890321"  # the page of the documented Facebook payloads
APP_SECRET = "app-secret-for-tests"  # noqa: S105
TOKEN = "page-token-for-tests-0123456789"  # noqa: S105
VERIFY = "verify-token-for-tests"  # noqa: S105


@pytest.fixture
def fake_graph():
    """The fake Facebook Graph on a free port, serving the documented page and demanding
    the page token."""
    fake = FakePlatform(page_id=PAGE, token=TOKEN)
    server = serve(fake)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield fake
    server.shutdown()
    server.server_close()


@pytest.fixture
def fb_page(make_channel):
    return make_channel(ChannelType.MAIN_PAGE, external_id=PAGE, name="Testside", slug="testside")


@pytest.fixture
def fb_account(fb_page, fake_graph):
    webhook_secrets_forget()
    account = ConnectedAccount.objects.create(
        channel=fb_page,
        platform="facebook",
        account_id=PAGE,
        access_token=TOKEN,
        app_secret=APP_SECRET,
        verify_token=VERIFY,
        api_base_url=fake_graph.url,
    )
    yield account
    webhook_secrets_forget()

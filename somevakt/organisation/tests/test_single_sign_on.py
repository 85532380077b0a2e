"""Single sign-on through OpenID Connect against a local identity provider over real HTTP
on 127.0.0.1, which signs its id_token with RS256 (a key made here with cryptography)."""

import base64
import json
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
import requests
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.test import Client

from somevakt.organisation.models import Role

pytestmark = pytest.mark.django_db

CLIENT_ID = "somevakt-test"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def number(value: int) -> str:
    return b64(value.to_bytes((value.bit_length() + 7) // 8, "big"))


class IdentityProvider:
    """Authorize, token, JWKS and userinfo endpoints of a tiny OpenID provider."""

    def __init__(self, email: str) -> None:
        self.email = email
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.nonces: dict[str, str] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def id_token(self, nonce: str) -> str:
        header = {"alg": "RS256", "typ": "JWT", "kid": "k1"}
        now = int(time.time())
        claims = {
            "iss": self.url,
            "sub": "entra-object-id-1",
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            "email": self.email,
        }
        signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}"
        signature = self.key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
        return f"{signing_input}.{b64(signature)}"

    def jwks(self) -> dict:
        public = self.key.public_key().public_numbers()
        jwk = {"kty": "RSA", "kid": "k1", "alg": "RS256", "use": "sig"}
        return {"keys": [{**jwk, "n": number(public.n), "e": number(public.e)}]}

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet test output
                pass

            def _json(self, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/authorize":
                    code = f"code-{len(provider.nonces)}"
                    provider.nonces[code] = query["nonce"]
                    answer = urlencode({"code": code, "state": query["state"]})
                    target = f"{query['redirect_uri']}?{answer}"
                    self.send_response(302)
                    self.send_header("Location", target)
                    self.end_headers()
                elif url.path == "/jwks":
                    self._json(provider.jwks())
                elif url.path == "/userinfo":
                    self._json({"sub": "entra-object-id-1", "email": provider.email})
                else:
                    self.send_error(404)

            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                nonce = provider.nonces.pop(form.get("code", ""), None)
                if self.path != "/token" or nonce is None:
                    self.send_error(400)
                    return
                token = provider.id_token(nonce)
                self._json({"access_token": "at-1", "id_token": token, "token_type": "Bearer"})

        return Handler


@pytest.fixture
def provider(settings):
    idp = IdentityProvider(email="Kari.Nordmann@rakkestad.kommune.no")
    settings.ROOT_URLCONF = "somevakt.organisation.tests.oidc_urls"
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "somevakt.organisation.oidc.EmailMatchingOIDCBackend",
    ]
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = "secret"  # noqa: S105 - the fake provider's
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{idp.url}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{idp.url}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{idp.url}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{idp.url}/jwks"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_CREATE_USER = False
    settings.LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/"
    yield idp
    idp.server.shutdown()


def sign_on(client: Client) -> str:
    """The browser's part: start at somevakt, visit the provider, come back with the code."""
    start = client.get("/oidc/authenticate/")
    assert start.status_code == 302
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=5)
    assert at_provider.status_code == 302
    back = urlparse(at_provider.headers["Location"])
    return client.get(f"{back.path}?{back.query}")["Location"]


def test_a_municipal_account_signs_in_as_the_user_with_the_same_email(provider, make_user):
    user = make_user(Role.ADMIN)
    user.email = "kari.nordmann@rakkestad.kommune.no"
    user.save()
    client = Client()
    assert sign_on(client) == "/inbox/"
    assert client.get("/inbox/").wsgi_request.user == user


def test_an_unknown_address_gets_no_login_and_no_new_user(provider, make_user):
    make_user(Role.ADMIN)  # with no e-mail address
    users = User.objects.count()
    client = Client()
    assert sign_on(client) == "/accounts/login/"
    assert client.get("/inbox/").status_code == 302
    assert User.objects.count() == users


def backends_with(env: dict) -> subprocess.CompletedProcess:
    code = "from django.conf import settings; print(settings.AUTHENTICATION_BACKENDS)"
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=django_settings.BASE_DIR,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_single_sign_on_is_wired_only_when_configured():
    assert "oidc" not in backends_with({}).stdout
    partial = backends_with({"OIDC_RP_CLIENT_ID": CLIENT_ID})
    assert partial.returncode != 0
    assert "OIDC_OP_TOKEN_ENDPOINT" in partial.stderr
    endpoints = {
        name: f"https://login.microsoftonline.com/tenant/{name.lower()}"
        for name in (
            "OIDC_OP_AUTHORIZATION_ENDPOINT",
            "OIDC_OP_TOKEN_ENDPOINT",
            "OIDC_OP_USER_ENDPOINT",
            "OIDC_OP_JWKS_ENDPOINT",
        )
    }
    full = backends_with(
        {"OIDC_RP_CLIENT_ID": CLIENT_ID, "OIDC_RP_CLIENT_SECRET": "s", **endpoints}
    )
    assert "somevakt.organisation.oidc.EmailMatchingOIDCBackend" in full.stdout, full.stderr

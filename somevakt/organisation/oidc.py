"""Single sign-on through OpenID Connect (e.g. the municipality's Entra ID).

A person signs in with the municipality's account and becomes the existing somevakt user
with the same e-mail address; nobody is created and no role is given here (the
informasjonsansvarlig keeps the roles). Roles that need a second factor still verify one.
"""

from django.contrib.auth.models import User
from django.db.models import QuerySet
from mozilla_django_oidc.auth import OIDCAuthenticationBackend


class EmailMatchingOIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims: dict) -> QuerySet[User]:
        # Entra ID puts the address in "email" or, for work accounts, "preferred_username".
        email = (claims.get("email") or claims.get("preferred_username") or "").strip()
        if not email:
            return User.objects.none()
        return User.objects.filter(email__iexact=email, is_active=True)

    def verify_claims(self, claims: dict) -> bool:
        return bool(claims.get("email") or claims.get("preferred_username"))

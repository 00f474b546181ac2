"""The provider's claims: the user's e-mail, and ``email_verified`` as the test wants it.

A provider user's ``last_name`` says what the provider claims about the address:
``verified``, ``unverified`` (``email_verified: false``) or ``absent`` (no claim).
"""

from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator


class EmailValidator(OAuth2Validator):
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "email_verified": "email"}

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        user = request.user
        claims: dict[str, Any] = {"email": user.email, "name": user.first_name}
        if user.last_name == "verified":
            claims["email_verified"] = True
        elif user.last_name == "unverified":
            claims["email_verified"] = False
        return claims

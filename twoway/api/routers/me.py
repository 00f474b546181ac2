"""GET /me: who is calling."""

from django.http import HttpRequest
from ninja import Router

from twoway.api.auth import request_token
from twoway.api.schemas import ERRORS, MeOut, person_out, token_out
from twoway.core.roles import user_roles
from twoway.people.access import user_person

router = Router(tags=["me"])


@router.get("/me", response={200: MeOut, **ERRORS}, summary="Who you are")
def me(request: HttpRequest) -> MeOut:
    """Your account, your roles, your record in the directory and the token in use."""
    person = user_person(request.user)
    return MeOut(
        email=getattr(request.user, "email", ""),
        roles=sorted(user_roles(request.user)),
        person=person_out(person, hr=True) if person is not None else None,
        token=token_out(request_token(request)),
    )

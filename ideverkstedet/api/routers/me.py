from typing import cast

from django.http import HttpRequest
from ninja import Router, Schema

from ideverkstedet.accounts.models import User
from ideverkstedet.core.permissions_api import require

router = Router(tags=["me"])


class NamedRef(Schema):
    id: int
    name: str


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    role: str
    role_label: str
    language: str
    email_verified: bool
    unit: NamedRef | None
    service_area: NamedRef | None
    organisation: NamedRef | None


def _ref(obj: object | None) -> NamedRef | None:
    return NamedRef(id=obj.pk, name=obj.name) if obj is not None else None  # type: ignore[attr-defined]


@router.get("/me", response=MeOut, summary="The person behind this session or token")
def me(request: HttpRequest) -> MeOut:
    require(request, "accounts.view_profile")
    user = cast(User, request.user)
    return MeOut(
        id=user.pk,
        email=user.email,
        full_name=user.full_name,
        role=user.role,
        role_label=str(user.get_role_display()),
        language=user.language,
        email_verified=user.email_verified_at is not None,
        unit=_ref(user.unit),
        service_area=_ref(user.unit.service_area if user.unit else None),
        organisation=_ref(user.organisation),
    )

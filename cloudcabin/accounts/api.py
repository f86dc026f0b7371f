"""API: the acting organization, its members and its API keys."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema, Status

from cloudcabin.accounts import selectors, services
from cloudcabin.accounts.identifiers import identifiers_for
from cloudcabin.accounts.models import ApiKey, Membership, Organization
from cloudcabin.api.auth import actor_of
from cloudcabin.api.schemas import ErrorsOut, Input

router = Router()


class OrganizationOut(Schema):
    id: int
    name_en: str
    name_zh: str
    address: str
    country: str
    uscc: str
    eori: str
    vat_number: str
    is_operator: bool
    # The identifiers a company of this country gives (as the pages ask): name → required.
    # PATCH refuses the others (IDENTIFIER_NOT_ASKED) and the required ones left empty.
    identifiers_asked: dict[str, bool]

    @staticmethod
    def resolve_identifiers_asked(obj: Organization) -> dict[str, bool]:
        return identifiers_for(obj.country)


class OrganizationPatch(Input):
    name_en: str | None = None
    name_zh: str | None = None
    address: str | None = None
    country: str | None = None
    uscc: str | None = None
    uscc_checksum_confirmed: bool | None = None
    eori: str | None = None
    vat_number: str | None = None


class MemberOut(Schema):
    id: int
    email: str
    full_name: str
    role: str

    @staticmethod
    def resolve_email(obj: Membership) -> str:
        return obj.user.email

    @staticmethod
    def resolve_full_name(obj: Membership) -> str:
        return obj.user.full_name


class ApiKeyOut(Schema):
    id: int
    name: str
    prefix: str
    access: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiKeyIn(Input):
    name: str
    access: str = "read_only"


class ApiKeyCreatedOut(ApiKeyOut):
    key: str


@router.get("/organization", response=OrganizationOut)
def get_organization(request: HttpRequest) -> Organization:
    return actor_of(request).organization


@router.patch("/organization", response={200: OrganizationOut, 400: ErrorsOut, 403: ErrorsOut})
def patch_organization(request: HttpRequest, payload: OrganizationPatch) -> Organization:
    return services.update_organization(
        actor=actor_of(request), **payload.dict(exclude_unset=True, exclude_none=True)
    )


@router.get("/members", response=list[MemberOut])
def list_members(request: HttpRequest) -> list[Membership]:
    return list(selectors.members_of(actor_of(request).organization))


@router.get("/api-keys", response={200: list[ApiKeyOut], 403: ErrorsOut})
def list_api_keys(request: HttpRequest) -> list[ApiKey]:
    actor = actor_of(request)
    actor.require_owner()
    return list(selectors.api_keys_of(actor.organization))


@router.post("/api-keys", response={201: ApiKeyCreatedOut, 400: ErrorsOut, 403: ErrorsOut})
def create_api_key(request: HttpRequest, payload: ApiKeyIn) -> Status[dict[str, object]]:
    key, plain = services.create_api_key(
        actor=actor_of(request), name=payload.name, access=payload.access
    )
    return Status(201, ApiKeyOut.from_orm(key).dict() | {"key": plain})


@router.delete("/api-keys/{key_id}", response={200: ApiKeyOut, 403: ErrorsOut, 404: ErrorsOut})
def revoke_api_key(request: HttpRequest, key_id: int) -> ApiKey:
    return services.revoke_api_key(actor=actor_of(request), key_id=key_id)

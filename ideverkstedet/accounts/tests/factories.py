from typing import cast

import factory
from django.utils import timezone

from ideverkstedet.accounts.models import Organisation, Role, ServiceArea, Unit, User

PASSWORD = "riktig-hest-batteri-stift"


class ServiceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceArea
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Tjenesteområde {n}")
    slug = factory.Sequence(lambda n: f"tjenesteomrade-{n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Enhet {n}")
    service_area = factory.SubFactory(ServiceAreaFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisasjon {n}")
    kind = Organisation.Kind.VOLUNTEER


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.no")
    full_name = factory.Sequence(lambda n: f"Person Nummer{n}")
    role = Role.CITIZEN
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            obj.save()


def user_with_role(role: str, **kwargs: object) -> User:
    """A verified person in the given role, placed where that role belongs (unit or organisation)."""
    if role in {Role.EMPLOYEE, Role.LEADER, Role.ADVISOR, Role.ADMINISTRATOR} and "unit" not in kwargs:
        kwargs["unit"] = UnitFactory()
    if role == Role.VOLUNTEER and "organisation" not in kwargs:
        kwargs["organisation"] = OrganisationFactory(kind=Organisation.Kind.VOLUNTEER)
    if role == Role.EXTERNAL and "organisation" not in kwargs:
        kwargs["organisation"] = OrganisationFactory(kind=Organisation.Kind.EXTERNAL)
    if role == Role.ADMINISTRATOR:
        kwargs.setdefault("is_staff", True)
        kwargs.setdefault("is_superuser", True)
    return cast(User, UserFactory(role=role, **kwargs))


ALL_ROLES = [role.value for role in Role]

"""Every app that stores something pointing at a person takes part in "download my data" and "delete my account".

Walks every model with a relation to the user model. The app it belongs to must have registered both an
exporter and an eraser with core.privacy (from its own privacy module); the few exceptions say why.
"""

from django.apps import apps
from django.conf import settings

from ideverkstedet.core import privacy

# model label.field -> why it holds no personal data of that person that they can ask for or erase
NOT_PERSONAL_DATA = {
    "core.AuditEntry.actor": "the record of what staff did is kept by law; it points at the anonymised row",
    "events.Event.created_by": "the adviser who created an event; the event is the unit's, not the person's",
    "admin.LogEntry.user": "Django admin's own log of staff changes",
    "socialaccount.SocialAccount.user": "linked logins: exported and erased by the oidc app (oidc/privacy.py)",
    "account.EmailAddress.user": "allauth's address table, unused (accounts verifies email); oidc's eraser clears it",
}


def _apps_registered(registry: dict) -> set[str]:
    labels = set()
    for function in registry.values():
        config = apps.get_containing_app_config(function.__module__)
        if config is not None:
            labels.add(config.label)
    return labels


def test_every_app_with_a_relation_to_a_person_registers_an_exporter_and_an_eraser():
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    exporting, erasing = _apps_registered(privacy.exporters()), _apps_registered(privacy.erasers())
    missing = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not (field.is_relation and field.concrete and field.related_model is user_model):
                continue
            name = f"{model._meta.label}.{field.name}"
            if name in NOT_PERSONAL_DATA:
                continue
            label = model._meta.app_label
            if label not in exporting or label not in erasing:
                missing.append(
                    f"{name} (app {label}: exporter {label in exporting}, eraser {label in erasing})"
                )
    assert not missing, "stores personal data without core.privacy: " + "; ".join(missing)

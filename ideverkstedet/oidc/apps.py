from django.apps import AppConfig


class OidcConfig(AppConfig):
    name = "ideverkstedet.oidc"
    label = "oidc"
    verbose_name = "OpenID Connect"

    def ready(self) -> None:
        from ideverkstedet.core import housekeeping, sections
        from ideverkstedet.oidc import privacy  # noqa: F401  (registers the exporter and eraser)
        from ideverkstedet.oidc.selectors import connectable_providers, linked_logins
        from ideverkstedet.oidc.services import configured_providers, provider_sessions_sweep

        housekeeping.register("oidc.provider_sessions", provider_sessions_sweep)

        sections.register("login", "oidc_providers", lambda user, obj: configured_providers(None))
        sections.register("profile", "linked_logins", lambda user, obj: linked_logins(user))
        sections.register("profile", "connectable_providers", lambda user, obj: connectable_providers(user))

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "ideverkstedet.api"
    label = "api"
    verbose_name = "API"

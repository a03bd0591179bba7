from django.urls import URLPattern, URLResolver

app_name = "methods"

urlpatterns: list[URLPattern | URLResolver] = []

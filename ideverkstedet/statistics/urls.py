from django.urls import URLPattern, URLResolver, path

from ideverkstedet.statistics import views

app_name = "statistics"

urlpatterns: list[URLPattern | URLResolver] = [
    path("statistikk/", views.barometer, name="barometer"),
    path("statistikk/<slug:key>.csv", views.figure_csv, name="figure_csv"),
    path("statistikk/<slug:key>.json", views.figure_json, name="figure_json"),
    path("apne-data/", views.open_data, name="open_data"),
    path("apne-data/katalog.ttl", views.catalogue, {"extension": "ttl"}, name="catalogue_ttl"),
    path("apne-data/katalog.jsonld", views.catalogue, {"extension": "jsonld"}, name="catalogue_jsonld"),
    path("apne-data/<slug:slug>/", views.dataset_page, name="dataset"),
    path("apne-data/<slug:slug>.<str:extension>", views.dataset_file, name="dataset_file"),
]

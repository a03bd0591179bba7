from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from ideverkstedet.api.api import api
from ideverkstedet.oidc import views as oidc_views

admin.site.site_header = "Ideverkstedet – administrasjon"
admin.site.site_title = "Ideverkstedet"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("ideverkstedet.core.urls")),
    # Logout ends a provider's session too (ID-porten, Entra ID), so the oidc app answers it, ahead of accounts.
    path("konto/logg-ut/", oidc_views.log_out),
    path("konto/", include("ideverkstedet.accounts.urls")),
    path("konto/oidc/", include("ideverkstedet.oidc.urls")),
    path("varsler/", include("ideverkstedet.notifications.urls")),
    path("", include("ideverkstedet.rooms.urls")),
    path("", include("ideverkstedet.events.urls")),
    path("", include("ideverkstedet.methods.urls")),
    path("", include("ideverkstedet.challenges.urls")),
    path("", include("ideverkstedet.search.urls")),
    path("", include("ideverkstedet.stories.urls")),
    path("", include("ideverkstedet.statistics.urls")),
    path("", include("ideverkstedet.desk.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

if settings.BENCH_BASELINES:
    from ideverkstedet.core import bench_views

    urlpatterns += [
        path("bench/plain", bench_views.plain),
        path("bench/rows50", bench_views.rows50),
        path("bench/json50", bench_views.json50),
    ]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.auth.decorators import login_not_required
    from django.urls import re_path
    from django.views.static import serve

    # Pictures are public (room, event, challenge, idea and story images); everything else under media (the
    # desk's attachments, story PDFs) stays behind login here and is served by its own views.
    urlpatterns += [
        re_path(
            r"^media/(?P<path>(?:rooms|events|challenges|ideas|stories/\d{4})/[\w./-]+)$",
            login_not_required(serve),
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

admin.site.site_header = f"{settings.SITE_NAME} editorial"
admin.site.site_title = f"{settings.SITE_NAME} admin"
admin.site.index_title = "Articles, authors and pages"

urlpatterns = [
    path("admin/", admin.site.urls),
]

if settings.SERVE_MEDIA:
    # The embedded profile serves uploads itself; behind nginx the proxy answers /media/ first.
    urlpatterns.append(
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    )

if settings.BENCH_FLOOR_VIEW:
    from bench.floor import floor

    urlpatterns.append(path("bench/floor/", floor, name="bench-floor"))

urlpatterns.append(path("", include("articles.urls")))

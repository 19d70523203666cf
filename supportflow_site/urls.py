from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from supportflow_site import views

urlpatterns = [
    path("", views.project_info, name="project-info"),
    re_path(r"^healthz/?$", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    path("api/", include("tickets.urls")),
]

handler404 = "supportflow_site.errors.json_not_found"
handler500 = "supportflow_site.errors.json_server_error"

from django.urls import path

from bench import baselines
from supportflow_site.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    path("bench/baseline/create", baselines.bare_insert),
    path("bench/baseline/list", baselines.values_list_page),
    path("bench/baseline/search", baselines.raw_search),
    path("bench/baseline/summary", baselines.raw_summary),
    path("bench/baseline/summary-filtered", baselines.raw_filtered_summary),
    path("bench/baseline/summary-filtered-dimensions", baselines.raw_filtered_dimensions),
    *site_urlpatterns,
]

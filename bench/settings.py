"""The production settings plus the baseline routes the benchmark compares against (bench/baselines.py)."""

from supportflow_site.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

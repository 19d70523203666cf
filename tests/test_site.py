import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


def test_root_describes_the_project_with_links(client):
    body = client.get("/").json()

    assert body["name"] == "SupportFlow"
    assert body["version"]
    assert {"api", "docs", "admin", "schema"} <= set(body["links"])
    assert body["links"]["docs"].endswith("/api/docs/")


def test_schema_is_openapi_3_and_public(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/tickets/" in schema["paths"]
    assert "/api/tickets/{id}/status/" in schema["paths"]


def test_docs_page_works_offline_from_our_own_static_files(client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger-ui" in page
    assert "cdn." not in page and "unpkg" not in page


def test_healthz_answers_when_the_database_does(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["database"] == "up"


def test_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/nothing-here/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_missing_secret_key_is_a_clear_error_without_debug():
    result = run_manage("check", DJANGO_SETTINGS_MODULE="supportflow_site.settings")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_runs_without_a_secret_key():
    result = run_manage("check", DJANGO_SETTINGS_MODULE="supportflow_site.settings", DJANGO_DEBUG="yes")

    assert result.returncode == 0, result.stderr


def test_production_settings_pass_the_deploy_check():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="supportflow_site.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="k3y-" + "q8Zr1xTw7Lm2Np4Vb6Yc9Hd0Fs3Gj5Kl8Pa1Se4Du7Io0" * 2,
        DJANGO_ALLOWED_HOSTS="support.example.com",
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_configured_web_form_origin_may_call_the_intake(client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://www.example.com"]

    allowed = client.options(
        "/api/tickets/", HTTP_ORIGIN="https://www.example.com", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"
    )
    other = client.options(
        "/api/tickets/", HTTP_ORIGIN="https://evil.example.net", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"
    )

    assert allowed["Access-Control-Allow-Origin"] == "https://www.example.com"
    assert "Access-Control-Allow-Origin" not in other

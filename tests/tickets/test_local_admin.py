import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_creates_a_superuser_with_a_generated_password_shown_once(capsys, monkeypatch):
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)

    call_command("ensure_local_admin")

    out = capsys.readouterr().out
    password = out.split(" / ")[1].split()[0]
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password(password)


def test_uses_the_password_from_the_environment_without_printing_it(capsys, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "chosen-pass-123")

    call_command("ensure_local_admin")

    assert "chosen-pass-123" not in capsys.readouterr().out
    assert get_user_model().objects.get(username="admin").check_password("chosen-pass-123")


def test_an_existing_admin_keeps_its_password(capsys, monkeypatch, django_user_model):
    django_user_model.objects.create_superuser("admin", "admin@localhost", "old-pass-123")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "new-pass-456")

    call_command("ensure_local_admin")

    assert "already exists" in capsys.readouterr().out
    assert django_user_model.objects.get(username="admin").check_password("old-pass-123")

"""The local superuser that `make run` creates so a developer can open the admin at once."""

import secrets

from django.contrib.auth import get_user_model


def ensure_local_admin(username: str, password: str | None) -> tuple[bool, str | None]:
    """Create the superuser if it does not exist: (created, the generated password if one was made).

    An existing user is left untouched, so running the demo twice never resets a password.
    """
    users = get_user_model()
    if users.objects.filter(username=username).exists():
        return False, None
    generated = None
    if not password:
        generated = password = secrets.token_urlsafe(12)
    users.objects.create_superuser(username=username, email=f"{username}@localhost", password=password)
    return True, generated

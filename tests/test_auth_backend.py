"""The permission backend: ModelBackend's answers, in one query instead of two."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from supportflow_site.auth_backends import OneQueryModelBackend

pytestmark = pytest.mark.django_db


def fresh(user):
    return type(user).objects.get(pk=user.pk)  # no cached permissions


@pytest.mark.parametrize("persona", ["carol", "lena", "dora", "sam"])
def test_permissions_are_model_backends(request, persona):
    user = request.getfixturevalue(persona)
    user.user_permissions.add(Permission.objects.get(codename="view_ticketevent"))

    assert OneQueryModelBackend().get_all_permissions(fresh(user)) == ModelBackend().get_all_permissions(fresh(user))


def test_a_roles_permissions_take_one_query_and_are_then_cached(lena, django_assert_num_queries):
    user = fresh(lena)

    with django_assert_num_queries(1):
        assert user.has_perms(["tickets.view_ticket", "tickets.correct_triage"])
        assert user.has_perm("tickets.change_ticket_status")
    assert not user.has_perm("auth.delete_user")


def test_inactive_users_have_none(lena):
    lena.is_active = False

    assert OneQueryModelBackend().get_all_permissions(lena) == set()

from rest_framework.permissions import BasePermission, IsAdminUser
from rest_framework.request import Request
from rest_framework.views import APIView


class PublicCreateStaffOtherwise(BasePermission):
    """Anyone may create a ticket (the public intake); everything else needs staff."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        if getattr(view, "action", None) == "create":
            return True
        return IsAdminUser().has_permission(request, view)

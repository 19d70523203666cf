from django.contrib.admin.apps import AdminConfig


class SupportFlowAdminConfig(AdminConfig):
    """The admin, with an index that opens on the dashboard for those allowed to see analytics."""

    default_site = "supportflow_site.admin_site.SupportFlowAdminSite"

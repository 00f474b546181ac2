from django.contrib.admin.apps import AdminConfig


class TwowayAdminConfig(AdminConfig):
    """Django's admin with our site (imports nothing that needs the app registry)."""

    default_site = "twoway.core.admin_site.TwowayAdminSite"

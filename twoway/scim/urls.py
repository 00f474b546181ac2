from django.urls import path, re_path

from twoway.scim import views

app_name = "scim"
urlpatterns = [
    path("", views.not_found, name="root"),
    re_path(r"^ServiceProviderConfigs?/?$", views.service_provider_config, name="config"),
    re_path(r"^ResourceTypes/?$", views.resource_type_list, name="resource_types"),
    re_path(r"^ResourceTypes/(?P<name>[^/]+)/?$", views.resource_type_detail),
    re_path(r"^Schemas/?$", views.schema_list, name="schemas"),
    re_path(r"^Schemas/(?P<urn>[^/]+)/?$", views.schema_detail),
    re_path(r"^Users/?$", views.user_list, name="users"),
    re_path(r"^(?:Users/)?\.search$", views.user_search, name="search"),
    re_path(r"^Users/(?P<uuid>[^/]+)/?$", views.user_detail, name="user"),
    re_path(r"^Groups(?:/(?P<rest>.*))?$", views.groups),
    re_path(r"^(?P<rest>.*)$", views.not_found),
]

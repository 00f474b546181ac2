"""The roles page: administrators see who holds which role, grant and revoke."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from twoway.core.access import role_required
from twoway.core.forms import form_add_service_errors
from twoway.core.models import Role, RoleGrant
from twoway.core.role_forms import RoleGrantForm
from twoway.core.selectors import role_holders, role_user_choices
from twoway.core.services import role_grant, role_revoke


def _page(request: HttpRequest, form: RoleGrantForm, status: int = 200) -> HttpResponse:
    context = {
        "form": form,
        "sections": role_holders(user=request.user),
        "users": role_user_choices(),
    }
    return render(request, "core/role_list.html", context, status=status)


@require_GET
@role_required(Role.ADMINISTRATOR)
def role_list(request: HttpRequest) -> HttpResponse:
    return _page(request, RoleGrantForm())


@require_POST
@role_required(Role.ADMINISTRATOR)
def role_grant_create(request: HttpRequest) -> HttpResponse:
    form = RoleGrantForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            role_grant(
                actor=request.user, user=data["user"], role=data["role"], program=data["program"]
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, "Role given. The audit log records who gave it.")
            return redirect("roles:list")
    return _page(request, form, status=400)


@require_POST
@role_required(Role.ADMINISTRATOR)
def role_grant_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    grant = get_object_or_404(RoleGrant, pk=pk)
    try:
        role_revoke(actor=request.user, grant=grant)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Role taken away. The audit log records who took it.")
    return redirect("roles:list")

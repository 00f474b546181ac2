"""The HR people import, as on its upload pages: upload a file (it is checked,
nothing is saved), read the check, then apply it (``people.importing.uploads``).
Administrators only."""

from pathlib import PurePath
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from ninja import File, Form, Router, Status, UploadedFile

from twoway.api.schemas import ERRORS, ERRORS_ONE
from twoway.api.schemas_more import ImportOut, import_out
from twoway.api.selectors_more import import_upload_reread
from twoway.people.import_forms import ImportUploadForm
from twoway.people.importing.service import import_permission_check
from twoway.people.importing.uploads import import_upload_apply, import_upload_create
from twoway.people.selectors import import_upload_get_for_user

router = Router(tags=["people imports"])

THE_FILE = File(..., description="The HR export, .csv or .xlsx.")
MARK_LEAVERS = Form(False, description="People missing from the file leave today.")
DONE = "This file was already imported or discarded, so it was not imported again."


def _location(request: HttpRequest, uuid: UUID) -> str:
    return request.build_absolute_uri(reverse("api:import_get", kwargs={"uuid": uuid}))


@router.post("/people/imports", response={201: ImportOut, **ERRORS}, summary="Upload an HR file")
def import_upload(
    request: HttpRequest,
    response: HttpResponse,
    file: UploadedFile = THE_FILE,
    mark_leavers: bool = MARK_LEAVERS,
) -> Status[ImportOut]:
    """The file is checked against the directory and kept for review; nothing is
    imported yet. The answer is the check: how many people it would create, update
    or leave unchanged, and every problem as ``row <n>: <column>: <message>``. A file
    that cannot be read as a table at all is a 422 and nothing is kept."""
    import_permission_check(request.user)
    # The upload page's form: the same file types and size limit, the same words.
    form = ImportUploadForm({"mark_leavers": mark_leavers}, MultiValueDict({"file": [file]}))
    if not form.is_valid():
        raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
    upload = import_upload_create(
        actor=request.user,
        filename=PurePath(file.name or "").name,
        content=file.read(),
        mark_leavers=mark_leavers,
    )
    response["Location"] = _location(request, upload.uuid)
    return Status(201, import_out(upload))


@router.get(
    "/people/imports/{uuid}", response={200: ImportOut, **ERRORS_ONE}, summary="An HR upload"
)
def import_get(request: HttpRequest, uuid: UUID) -> ImportOut:
    """The upload's check while it waits, or what importing it did."""
    return import_out(import_upload_get_for_user(user=request.user, uuid=uuid))


@router.post(
    "/people/imports/{uuid}/apply",
    response={200: ImportOut, **ERRORS_ONE},
    summary="Import an HR upload",
)
def import_apply(request: HttpRequest, uuid: UUID) -> ImportOut:
    """Import the upload, once, in one transaction: checked again first, and if any
    row is wrong now, nothing is saved and the answer is a 422 listing each problem
    (the upload stays pending). Applying it again is a 422 too."""
    upload = import_upload_get_for_user(user=request.user, uuid=uuid)
    report = import_upload_apply(actor=request.user, upload=upload)
    if report is None:
        raise ValidationError(DONE)
    if not report.applied:
        raise ValidationError(
            [f"Nothing was imported: {len(report.errors)} problems."]
            + [str(error) for error in report.errors[:100]]
        )
    return import_out(import_upload_reread(upload=upload))

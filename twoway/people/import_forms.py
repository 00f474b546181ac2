"""Forms of the import pages: the upload, and the column mapping."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

from twoway.integrations.hr_csv.columns import COLUMN_NAMES
from twoway.integrations.hr_csv.reader import EXTENSIONS

MAPPING_PREFIX = "map_"


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="HR export",
        help_text="A .csv or .xlsx file with one row per person and a header row.",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )
    mark_leavers = forms.BooleanField(
        label="Mark people missing from this file as leavers",
        required=False,
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        extension = PurePath(upload.name or "").suffix.lower()
        if extension not in EXTENSIONS:
            raise forms.ValidationError(
                f"“{upload.name}” is not a .csv or .xlsx file. In Excel, use Save as › "
                "CSV UTF-8 or Excel Workbook, then upload that file."
            )
        limit = settings.IMPORT_MAX_UPLOAD_BYTES
        if upload.size is not None and upload.size > limit:
            raise forms.ValidationError(
                f"The file is {filesizeformat(upload.size)}; the limit is {filesizeformat(limit)}. "
                "Remove columns Twoway does not use, or split the file."
            )
        return upload


class ImportMappingForm(forms.Form):
    """One field per import column, ``map_<column>``: the file header it reads."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in COLUMN_NAMES:
            self.fields[MAPPING_PREFIX + name] = forms.CharField(
                label=name, required=False, max_length=300
            )

    def mapping(self) -> dict[str, str]:
        """Column → header for the columns posted; "" leaves a column out.

        A column not posted at all keeps the automatic guess.
        """
        return {
            name: self.cleaned_data[MAPPING_PREFIX + name]
            for name in COLUMN_NAMES
            if MAPPING_PREFIX + name in self.data
        }

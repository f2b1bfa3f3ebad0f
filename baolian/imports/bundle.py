"""A `.zip` that brings a workbook together with the files its rows name (photos).

The workbook is the one .xlsx/.csv inside; every other file is an attachment a sheet may ask
for by its name (照片 column). Members are read only when a row asks for them.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePosixPath

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from baolian.imports.workbook import ImportFileError

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".csv"}
# Photos do not compress: a member inflating 100x is a bomb, not a photo.
MAX_RATIO = 100


class Bundle:
    """The files of a zip beside its workbook, found by name (with or without folder)."""

    def __init__(self, archive: zipfile.ZipFile | None = None) -> None:
        self.archive = archive
        self.by_name: dict[str, list[zipfile.ZipInfo]] = {}
        if archive is not None:
            for info in archive.infolist():
                if info.is_dir() or _ignored(info.filename):
                    continue
                path = PurePosixPath(info.filename)
                self.by_name.setdefault(path.name.casefold(), []).append(info)
                self.by_name.setdefault(str(path).casefold(), []).append(info)

    def __bool__(self) -> bool:
        return self.archive is not None

    def find(self, name: str) -> list[zipfile.ZipInfo]:
        return self.by_name.get(name.strip().replace("\\", "/").casefold(), [])

    def read(self, info: zipfile.ZipInfo) -> bytes:
        assert self.archive is not None
        return self.archive.read(info)


def _ignored(name: str) -> bool:
    parts = PurePosixPath(name).parts
    # macOS adds __MACOSX/ and ._ files to every zip it makes; they are not the user's files.
    return any(part == "__MACOSX" or part.startswith("._") for part in parts)


def open_bundle(data: bytes) -> tuple[bytes, str, Bundle]:
    """(workbook bytes, workbook name, bundle) of an uploaded .zip; ImportFileError if unusable."""
    limit = settings.IMPORT_ZIP_MAX_BYTES
    if len(data) > limit:
        raise ImportFileError(
            _("The .zip file is larger than %(limit)d MB; split it into smaller files.")
            % {"limit": limit // 1024 // 1024}
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise ImportFileError(_("The .zip file is damaged and cannot be opened.")) from None
    if sum(info.file_size for info in infos) > limit * 2:
        raise ImportFileError(_("The .zip file unpacks to far more than it holds; refused."))
    for info in infos:
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
            raise ImportFileError(
                _("“%(name)s” in the .zip unpacks to far more than it holds; refused.")
                % {"name": info.filename}
            )
        if info.flag_bits & 0x1:
            raise ImportFileError(_("The .zip file is password-protected; zip it without one."))
    books = [
        info
        for info in infos
        if not info.is_dir()
        and not _ignored(info.filename)
        and PurePosixPath(info.filename).suffix.lower() in WORKBOOK_SUFFIXES
        and not PurePosixPath(info.filename).name.startswith("~$")  # Excel's lock file
    ]
    if not books:
        raise ImportFileError(_("The .zip file holds no workbook (.xlsx or .csv)."))
    if len(books) > 1:
        raise ImportFileError(
            _("The .zip file holds several workbooks (%(names)s); put one in each .zip.")
            % {"names": "、".join(info.filename for info in books)}
        )
    book = books[0]
    return archive.read(book), PurePosixPath(book.filename).name, Bundle(archive)

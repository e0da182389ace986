"""An upload's life: created (taking the user's one import slot), checked, confirmed, imported.

Small files are checked and imported within the request; files over ``IMPORT_BACKGROUND_ROWS`` rows
(estimated from the file before it is read) run as jobs on the job runner, with the same all-or-nothing
result, and the user can leave the progress page and come back. Each step is idempotent (a job killed
and run again finds the upload's state and carries on or stops), and the import writes the upload's
final state in the same transaction as the rows, so a step that dies half-way leaves nothing behind.
"""

import datetime
from collections.abc import Callable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from spreadsheets.models import RUNNING, Upload, UploadState
from spreadsheets.readers import estimate_rows
from spreadsheets.registry import get_sheet
from spreadsheets.results import ImportResult
from spreadsheets.services import spreadsheet_import

KEPT_PER_USER = 20
KEPT_FOR = datetime.timedelta(days=1)


class ImportBusy(Exception):
    """The user already has an upload being checked or imported (``self.upload``)."""

    def __init__(self, upload: Upload | None):
        super().__init__("import busy")
        self.upload = upload


def background_rows() -> int:
    return getattr(settings, "IMPORT_BACKGROUND_ROWS", 5000)


def stale_after() -> datetime.timedelta:
    """A running upload with no sign of life for this long is taken as dead (its worker was killed)."""
    return datetime.timedelta(seconds=getattr(settings, "IMPORT_STALE_SECONDS", 900))


def upload_create(*, owner, sheet_key: str, file_name: str, data: bytes) -> Upload:
    """A new upload in state "checking", or ``ImportBusy`` if the owner has one running."""
    _release_stale(owner)
    try:
        with transaction.atomic():
            upload = Upload.objects.create(
                owner=owner,
                sheet_key=sheet_key,
                file_name=file_name[:255],
                size=len(data),
                data=data,
                rows_estimate=estimate_rows(file_name, data),
                language=translation.get_language() or "",
            )
    except IntegrityError:
        raise ImportBusy(running_upload(owner)) from None
    _sweep(owner)
    return upload


def running_upload(owner) -> Upload | None:
    return Upload.objects.filter(owner=owner, state__in=RUNNING).first()


def runs_in_background(upload: Upload) -> bool:
    return upload.rows_estimate > background_rows()


def upload_check(*, upload_id, progress: Callable | None = None) -> Upload:
    """Check the file (a dry run) and keep the result; the upload becomes "checked" or "refused"."""
    upload = Upload.objects.get(pk=upload_id)
    if upload.state != UploadState.CHECKING:
        return upload  # already done (a job run twice), or given up as stale
    with translation.override(upload.language or None):
        result = _run(upload, dry_run=True, progress=_beating(upload, progress))
    upload.result = result.to_json()
    upload.warnings_digest = result.warnings_digest if result.warnings else ""
    upload.state = UploadState.REFUSED if result.has_errors else UploadState.CHECKED
    if result.has_errors:
        upload.data = b""
    upload.save(update_fields=["result", "warnings_digest", "state", "data", "updated_at"])
    return upload


def upload_confirm(*, upload: Upload) -> bool:
    """Move a checked upload to "importing"; ``False`` if it was not waiting for confirmation any more.

    Raises ``ImportBusy`` if the owner has another upload running.
    """
    _release_stale(upload.owner)
    try:
        with transaction.atomic():
            moved = Upload.objects.filter(pk=upload.pk, state=UploadState.CHECKED).update(
                state=UploadState.IMPORTING, updated_at=timezone.now()
            )
    except IntegrityError:
        raise ImportBusy(running_upload(upload.owner)) from None
    return bool(moved)


def upload_apply(*, upload_id, confirmed: str = "", progress: Callable | None = None) -> Upload:
    """Import the file in one transaction, the upload's final state written in the same transaction."""
    upload = Upload.objects.get(pk=upload_id)
    if upload.state != UploadState.IMPORTING:
        return upload

    def finish(result):  # inside the import's transaction, right after the rows are written
        upload.result, upload.state, upload.data = result.to_json(), UploadState.IMPORTED, b""
        upload.save(update_fields=["result", "state", "data", "updated_at"])

    with translation.override(upload.language or None):
        result = _run(upload, dry_run=False, confirmed=confirmed, progress=_beating(upload, progress), finish=finish)
    if not result.applied:
        upload.result = result.to_json()
        if result.needs_confirmation:
            upload.state, upload.warnings_digest = UploadState.CHECKED, result.warnings_digest
        else:
            upload.state, upload.data = UploadState.REFUSED, b""
        upload.save(update_fields=["result", "state", "data", "warnings_digest", "updated_at"])
    return upload


def upload_fail(*, upload_id, message: str) -> None:
    """A job that gave up (after its retries) frees the owner's slot and says why."""
    Upload.objects.filter(pk=upload_id, state__in=RUNNING).update(
        state=UploadState.FAILED, data=b"", result={"error": message}, updated_at=timezone.now()
    )


def result_of(upload: Upload) -> ImportResult | None:
    if not upload.result or "error" in upload.result:
        return None
    return ImportResult.from_json(upload.result)


def _run(upload: Upload, *, dry_run: bool, confirmed: str = "", progress=None, finish=None) -> ImportResult:
    return spreadsheet_import(
        sheet=get_sheet(upload.sheet_key),
        file_name=upload.file_name,
        data=bytes(upload.data),
        user=upload.owner,
        dry_run=dry_run,
        confirmed=confirmed,
        progress=progress,
        finish=finish,
    )


def _beating(upload: Upload, progress: Callable | None) -> Callable | None:
    """Progress that also tells the lock the upload is alive."""
    if progress is None:
        return None

    def report(done, total, message):
        Upload.objects.filter(pk=upload.pk).update(updated_at=timezone.now())
        progress(done, total or upload.rows_estimate or None, message)

    return report


def _release_stale(owner) -> None:
    Upload.objects.filter(owner=owner, state__in=RUNNING, updated_at__lt=timezone.now() - stale_after()).update(
        state=UploadState.FAILED, data=b"", updated_at=timezone.now()
    )


def _sweep(owner) -> None:
    """Drop the bytes of files left unconfirmed for a day, and all but the owner's latest uploads."""
    Upload.objects.filter(created_at__lt=timezone.now() - KEPT_FOR).exclude(state__in=RUNNING).exclude(data=b"").update(
        data=b""
    )
    old = Upload.objects.filter(owner=owner).exclude(state__in=RUNNING).values_list("pk", flat=True)[KEPT_PER_USER:]
    Upload.objects.filter(pk__in=list(old)).delete()

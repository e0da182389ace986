"""Big files on the job runner (``jobs``): start the check or the import of an upload as a job.

The tasks themselves are in ``spreadsheets.tasks`` and only wrap ``spreadsheets.uploads``; without the
job runner installed, every file is checked and imported within the request.
"""

from django.apps import apps


def available() -> bool:
    return apps.is_installed("jobs")


def start_check(upload) -> str:
    """Start checking ``upload`` in the background; the URL of the job's progress page."""
    from spreadsheets import tasks

    return _started(upload, tasks.check_upload.start(owner=upload.owner, upload_id=str(upload.pk)))


def start_apply(upload, confirmed: str) -> str:
    from spreadsheets import tasks

    return _started(
        upload, tasks.import_upload.start(owner=upload.owner, upload_id=str(upload.pk), confirmed=confirmed)
    )


def job_url(upload) -> str | None:
    """The progress page of the upload's job while it runs."""
    if not (available() and upload.job_id and upload.is_running):
        return None
    from django.urls import reverse

    return reverse("jobs:detail", args=[upload.job_id])


def _started(upload, job) -> str:
    type(upload).objects.filter(pk=upload.pk).update(job_id=job.pk)
    return job.get_absolute_url()

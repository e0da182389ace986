"""The background jobs of big imports: checking an upload, and importing it once confirmed.

Thin wrappers of ``spreadsheets.uploads`` (idempotent: a job run again finds the upload's state). A
job that gives up after its retries frees its owner's import slot at once instead of waiting for the
slot to go stale.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs.runner import JobError, job_task
from spreadsheets import uploads
from spreadsheets.models import Upload, UploadState


@job_task(label=gettext_lazy("检查上传的表格"), retries=2)
def check_upload(job, *, upload_id: str) -> dict:
    upload = _run(job, upload_id, lambda progress: uploads.upload_check(upload_id=upload_id, progress=progress))
    if upload.state == UploadState.REFUSED:
        message = _("检查完成，发现问题，整份文件未导入。")
    else:
        message = _("检查完成，请核对预览后确认导入。")
    return {"url": upload.get_absolute_url(), "message": message}


@job_task(label=gettext_lazy("导入表格"), retries=2)
def import_upload(job, *, upload_id: str, confirmed: str = "") -> dict:
    upload = _run(
        job,
        upload_id,
        lambda progress: uploads.upload_apply(upload_id=upload_id, confirmed=confirmed, progress=progress),
    )
    message = _("导入完成。") if upload.state == UploadState.IMPORTED else _("未导入，请查看原因。")
    return {"url": upload.get_absolute_url(), "message": message}


def _run(job, upload_id: str, step):
    def progress(done, total, message):
        job.progress(done=done, total=total, message=message)

    try:
        return step(progress)
    except Upload.DoesNotExist:
        raise JobError(_("这个上传的文件已不存在，请重新上传。")) from None
    except Exception:
        if job.attempt >= job.record.max_attempts:
            uploads.upload_fail(upload_id=upload_id, message=_("处理这个文件时出错，未导入任何数据。请重新上传。"))
        raise

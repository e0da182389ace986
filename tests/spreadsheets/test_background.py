"""Big files are checked and imported as jobs: the user gets a progress page and can come back later."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from enterprises.models import Enterprise
from jobs.models import Job
from spreadsheets.models import Upload, UploadState
from tests.builders import credit_code
from tests.spreadsheets.conftest import csv_bytes, snapshot

HEADERS = ["企业名称", "统一社会信用代码", "县区", "备案认定日期"]
IMPORT = reverse("spreadsheets:import", args=["enterprises"])


def _rows(n, county="梁园"):
    return csv_bytes(HEADERS, [[f"企业{i}", credit_code(i), county, "2016-01-02"] for i in range(n)])


def test_a_file_over_the_threshold_is_checked_as_a_job_whose_result_leads_to_the_preview(
    client, liangyuan_officer, settings
):
    settings.IMPORT_BACKGROUND_ROWS = 20
    client.force_login(liangyuan_officer)
    response = client.post(IMPORT, {"file": SimpleUploadedFile("big.csv", _rows(30))})
    job = Job.objects.get()
    assert response.url == job.get_absolute_url()
    upload = Upload.objects.get()
    assert (job.status, job.owner, job.result["url"]) == (
        Job.Status.SUCCEEDED,
        liangyuan_officer,
        upload.get_absolute_url(),
    )
    assert upload.state == UploadState.CHECKED and upload.job_id == job.pk
    preview = client.get(upload.get_absolute_url())
    assert preview.context["result"].counts["new"] == 30
    assert Enterprise.objects.count() == 0


def test_the_confirmed_import_of_a_big_file_is_a_job_too_and_writes_every_row(client, liangyuan_officer, settings):
    settings.IMPORT_BACKGROUND_ROWS = 20
    client.force_login(liangyuan_officer)
    client.post(IMPORT, {"file": SimpleUploadedFile("big.csv", _rows(30))})
    upload = Upload.objects.get()
    response = client.post(reverse("spreadsheets:upload_confirm", args=[upload.pk]))
    job = Job.objects.order_by("-created_at").first()
    assert response.url == job.get_absolute_url() and job.status == Job.Status.SUCCEEDED
    assert Enterprise.objects.count() == 30
    upload.refresh_from_db()
    assert upload.state == UploadState.IMPORTED and upload.data == b""


def test_a_big_bad_file_is_refused_whole_in_the_background(client, liangyuan_officer, settings):
    settings.IMPORT_BACKGROUND_ROWS = 20
    before = snapshot()
    client.force_login(liangyuan_officer)
    client.post(IMPORT, {"file": SimpleUploadedFile("big.csv", _rows(30, county="睢阳"))})
    upload = Upload.objects.get()
    assert upload.state == UploadState.REFUSED and upload.result["problem_count"] == 30
    assert snapshot() == before

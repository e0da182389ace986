"""The job runner's contract: a started job runs, reports progress, retries, fails in plain words."""

import pytest
from django.utils import translation

from jobs.models import Job
from tests.jobs import handlers

pytestmark = pytest.mark.django_db


def test_a_started_job_has_finished_when_start_returns_in_tests(liangyuan_officer):
    job = handlers.count_rows.start(owner=liangyuan_officer, rows=3, url="/workspace/411402/")

    assert job.status == Job.Status.SUCCEEDED
    assert job.result == {"url": "/workspace/411402/", "message": "3 rows"}
    assert job.owner == liangyuan_officer
    assert job.kind == "tests.jobs.handlers.count_rows"
    assert job.attempts == 1 and job.started_at and job.finished_at


def test_progress_reported_by_the_handler_is_kept_on_the_job(liangyuan_officer):
    job = handlers.count_rows.start(owner=liangyuan_officer, rows=5)

    assert (job.done, job.total) == (5, 5)
    assert job.message == "已检查 5 行"


def test_the_label_is_kept_in_chinese_and_shown_in_the_readers_language(liangyuan_officer):
    with translation.override("en"):
        job = handlers.count_rows.start(owner=liangyuan_officer, rows=1)
        assert job.display_label == "Spreadsheet import/export"
    assert job.label == "表格导入导出"
    with translation.override("zh-hans"):
        assert job.display_label == "表格导入导出"


def test_the_handler_runs_in_the_language_of_the_user_who_started_it(liangyuan_officer):
    with translation.override("en"):
        job = handlers.language.start(owner=liangyuan_officer)

    assert job.language == "en"
    assert job.result["message"] == "Running"


def test_an_unexpected_error_is_retried_and_the_job_succeeds_on_a_later_attempt(liangyuan_officer):
    job = handlers.flaky.start(owner=liangyuan_officer, fail_times=2)

    assert job.status == Job.Status.SUCCEEDED
    assert job.attempts == 3
    assert job.result == {"attempt": 3}
    assert "ConnectionError" in job.error_detail  # the last failed attempt stays on record for the admin


def test_a_job_that_keeps_failing_fails_in_plain_chinese_and_keeps_the_traceback(liangyuan_officer):
    job = handlers.flaky.start(owner=liangyuan_officer, fail_times=5)

    assert job.status == Job.Status.FAILED
    assert job.attempts == 3  # retries=2: three runs in all
    assert job.error == "任务执行出错，已尝试 3 次仍未成功。请稍后重新发起；如仍不成功，请联系市商务局管理员。"
    assert "database went away" not in job.error
    assert "ConnectionError: database went away" in job.error_detail


def test_a_job_error_fails_at_once_with_its_message_and_is_not_retried(liangyuan_officer):
    job = handlers.bad_file.start(owner=liangyuan_officer)

    assert job.status == Job.Status.FAILED
    assert job.attempts == 1
    assert job.error == "第 3 行“统一社会信用代码”校验位错误。"


def test_a_validation_error_fails_with_every_message(liangyuan_officer):
    job = handlers.invalid.start(owner=liangyuan_officer)

    assert job.status == Job.Status.FAILED
    assert job.error == "名称不能为空。；日期格式应为 2016-05-01。"


def test_a_handler_returning_something_other_than_a_dict_fails_the_job(liangyuan_officer):
    job = handlers.returns_list.start(owner=liangyuan_officer)

    assert job.status == Job.Status.FAILED
    assert "must return a dict" in job.error_detail


def test_parameters_must_be_json_values_not_objects(liangyuan_officer):
    with pytest.raises(TypeError):
        handlers.count_rows.start(owner=liangyuan_officer, rows=liangyuan_officer)
    assert not Job.objects.exists()


def test_a_job_of_a_kind_no_longer_in_the_code_fails_with_a_message(liangyuan_officer):
    job = Job.objects.create(kind="tests.jobs.handlers.removed_long_ago", label="旧任务", owner=liangyuan_officer)
    from jobs.execution import execute

    execute(job.pk)
    job.refresh_from_db()

    assert job.status == Job.Status.FAILED
    assert job.error == "系统中已没有这种任务（tests.jobs.handlers.removed_long_ago），无法执行。"


def test_a_finished_job_is_not_run_again_by_a_duplicate_message(liangyuan_officer):
    job = handlers.count_rows.start(owner=liangyuan_officer, rows=1)
    from jobs.execution import execute

    execute(job.pk)
    job.refresh_from_db()

    assert job.attempts == 1

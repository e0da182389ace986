"""The job's page, its status endpoint and "my jobs": for the owner and city admins; others get a 404."""

import pytest
from django.utils import translation

from jobs import queue
from jobs.models import Job
from tests.jobs import handlers
from tests.queries import session_queries, unread_queries

pytestmark = pytest.mark.django_db


def running_job(owner, *, done=3, total=10, message="已检查 3 行") -> Job:
    job = Job.objects.create(kind=handlers.count_rows.kind, label="表格导入导出", owner=owner, status="running")
    queue.put_progress(job.pk, {"done": done, "total": total, "message": message})
    return job


def test_the_owner_sees_the_progress_of_a_running_job(client, liangyuan_officer):
    job = running_job(liangyuan_officer)
    client.force_login(liangyuan_officer)

    html = client.get(f"/jobs/{job.pk}/").content.decode()

    assert 'value="30"' in html and "3 / 10" in html and "已检查 3 行" in html and "运行中" in html
    assert f'data-job-status-url="/jobs/{job.pk}/status/"' in html
    assert "js/jobs.js" in html and "<script>" not in html


def test_the_status_endpoint_reports_live_progress_as_json(client, liangyuan_officer):
    job = running_job(liangyuan_officer)
    client.force_login(liangyuan_officer)

    response = client.get(f"/jobs/{job.pk}/status/")

    assert response["Cache-Control"].startswith("max-age=0")
    state = response.json()
    assert (state["status"], state["done"], state["total"], state["percent"]) == ("running", 3, 10, 30)
    assert state["message"] == "已检查 3 行" and state["finished"] is False


def test_a_job_of_unknown_size_has_no_percentage(client, liangyuan_officer):
    job = running_job(liangyuan_officer, done=0, total=None, message="")
    client.force_login(liangyuan_officer)

    assert client.get(f"/jobs/{job.pk}/status/").json()["percent"] is None


@pytest.mark.parametrize("url", ["/jobs/{pk}/", "/jobs/{pk}/status/"])
def test_another_countys_officer_cannot_see_the_job(client, liangyuan_officer, suiyang_officer, url):
    job = running_job(liangyuan_officer)
    client.force_login(suiyang_officer)

    assert client.get(url.format(pk=job.pk)).status_code == 404


def test_a_leader_cannot_see_someone_elses_job(client, liangyuan_officer, leader):
    job = running_job(liangyuan_officer)
    client.force_login(leader)

    assert client.get(f"/jobs/{job.pk}/status/").status_code == 404


def test_a_city_admin_can_follow_any_users_job(client, liangyuan_officer, city_admin):
    job = running_job(liangyuan_officer)
    client.force_login(city_admin)

    assert client.get(f"/jobs/{job.pk}/status/").json()["done"] == 3


def test_anonymous_visitors_are_sent_to_login(client, liangyuan_officer):
    job = running_job(liangyuan_officer)

    response = client.get(f"/jobs/{job.pk}/status/")

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_finished_job_links_to_its_result(client, liangyuan_officer):
    job = handlers.count_rows.start(owner=liangyuan_officer, rows=2, url="/workspace/411402/")
    client.force_login(liangyuan_officer)

    html = client.get(job.get_absolute_url()).content.decode()

    assert 'href="/workspace/411402/"' in html and "查看结果" in html and "2 rows" in html
    assert 'value="100"' in html and "已完成" in html


@pytest.mark.parametrize("url", ["https://evil.example.com/", "//evil.example.com/", "javascript:alert(1)"])
def test_a_result_link_off_the_site_is_not_offered(client, liangyuan_officer, url):
    job = handlers.count_rows.start(owner=liangyuan_officer, rows=1, url=url)
    client.force_login(liangyuan_officer)

    state = client.get(f"/jobs/{job.pk}/status/").json()

    assert state["status"] == "succeeded" and state["result_url"] == ""


def test_a_failed_job_shows_its_error_in_plain_chinese(client, liangyuan_officer):
    job = handlers.bad_file.start(owner=liangyuan_officer)
    client.force_login(liangyuan_officer)

    html = client.get(job.get_absolute_url()).content.decode()

    assert "任务未能完成" in html and "第 3 行“统一社会信用代码”校验位错误。" in html
    assert "Traceback" not in html


def test_a_job_started_in_english_fails_in_english(client, liangyuan_officer):
    with translation.override("en"):
        job = handlers.flaky.start(owner=liangyuan_officer, fail_times=9)
    client.force_login(liangyuan_officer)
    client.cookies["django_language"] = "en"

    html = client.get(job.get_absolute_url()).content.decode()

    assert "The job could not be completed" in html and "failed with an error after 3 attempts" in html
    assert "Failed" in html and "My jobs" in html


def test_my_jobs_lists_only_my_own(client, liangyuan_officer, suiyang_officer):
    mine = handlers.count_rows.start(owner=liangyuan_officer, rows=1)
    theirs = handlers.count_rows.start(owner=suiyang_officer, rows=1)
    client.force_login(liangyuan_officer)

    html = client.get("/jobs/?all=1").content.decode()  # asking for everyone's changes nothing

    assert str(mine.pk) in html and str(theirs.pk) not in html
    assert "查看全部用户的任务" not in html


def test_a_city_admin_may_list_every_users_jobs(client, liangyuan_officer, suiyang_officer, city_admin):
    jobs = [handlers.count_rows.start(owner=u, rows=1) for u in (liangyuan_officer, suiyang_officer)]
    client.force_login(city_admin)

    assert all(str(job.pk) not in client.get("/jobs/").content.decode() for job in jobs)
    html = client.get("/jobs/?all=1").content.decode()
    assert all(str(job.pk) in html for job in jobs) and "suiyang" in html


def test_the_header_links_to_my_jobs(client, leader):
    client.force_login(leader)

    assert 'href="/jobs/"' in client.get("/jobs/").content.decode()


@pytest.mark.parametrize("count", [2, 20])
def test_the_list_takes_the_same_queries_however_many_jobs(
    client, city_admin, liangyuan_officer, django_assert_num_queries, count
):
    for _ in range(count):
        handlers.count_rows.start(owner=liangyuan_officer, rows=1)
    client.force_login(city_admin)
    client.get("/jobs/?all=1")  # warm the nav fragment cache

    # + the header's counts for a city admin: reports waiting for review, unread notices (none with Redis, which
    # keeps the count of the first page); + the device that verified the city admin's session (two-factor)
    with django_assert_num_queries(5 + session_queries() + unread_queries(counted_before=True)):
        client.get("/jobs/?all=1")

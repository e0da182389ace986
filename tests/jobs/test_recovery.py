"""Jobs survive their worker: queued after commit, run again when the worker died, found when lost."""

import datetime
import time

import pytest
from huey import crontab
from huey.contrib.djhuey import HUEY

from jobs import queue, recovery
from jobs.models import Job
from jobs.runner import periodic_job, scheduled_slot
from tests.jobs import handlers

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued_for_a_worker(monkeypatch):
    """Huey as in production (messages wait on the queue for a worker), storage still in memory."""
    monkeypatch.setattr(HUEY, "_immediate", False)


def run_one_message():
    """What a worker does: take the next message off the queue and execute it."""
    task = HUEY.dequeue()
    assert task is not None, "no message on the queue"
    HUEY.execute(task)


def interrupted(job_task, owner, **params) -> Job:
    """A job its worker was running when it was killed: running, one attempt, no lease renewed."""
    job = Job.objects.create(
        kind=job_task.kind, label="x", owner=owner, params=params, status=Job.Status.RUNNING, attempts=1
    )
    return job


def test_a_job_started_in_a_transaction_reaches_the_queue_only_when_it_commits(
    queued_for_a_worker, liangyuan_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = handlers.count_rows.start(owner=liangyuan_officer, rows=2)
        assert queue.waiting_ids() == set()  # a worker must not look for a row it cannot see yet
    assert len(callbacks) == 1
    assert queue.waiting_ids() == {str(job.pk)}
    assert Job.objects.get(pk=job.pk).status == Job.Status.QUEUED

    run_one_message()

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and (job.done, job.total) == (2, 2)


def test_a_failed_attempt_waits_on_the_schedule_for_its_retry(queued_for_a_worker, liangyuan_officer, settings):
    job = Job.objects.create(kind=handlers.flaky.kind, label="flaky", params={"fail_times": 1}, max_attempts=3)
    handlers.flaky.retry_delay = 30
    try:
        queue.enqueue(job.pk)
        run_one_message()
    finally:
        handlers.flaky.retry_delay = 0

    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED
    assert job.message == "第 1 次执行出错，30 秒后自动重试。"
    (retry,) = HUEY.pending()  # a worker moves it to the schedule until its time comes
    assert retry.id == str(job.pk)
    assert 25 < (retry.eta - datetime.datetime.now()).total_seconds() <= 30


def test_a_running_job_whose_worker_stopped_is_run_again_from_the_start(liangyuan_officer):
    job = interrupted(handlers.count_rows, liangyuan_officer, rows=4)

    assert recovery.requeue_interrupted() == [str(job.pk)]

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.attempts == 2
    assert (job.done, job.total) == (4, 4)


def test_a_running_job_whose_lease_is_fresh_is_left_alone(liangyuan_officer):
    job = interrupted(handlers.count_rows, liangyuan_officer, rows=4)
    queue.renew_lease(job.pk)

    assert recovery.requeue_interrupted() == []
    assert Job.objects.get(pk=job.pk).status == Job.Status.RUNNING


def test_a_lease_older_than_the_lease_time_counts_as_lapsed(liangyuan_officer, settings):
    settings.JOBS_LEASE_SECONDS = 60
    job = interrupted(handlers.count_rows, liangyuan_officer, rows=1)
    HUEY.put(f"jobs.lease.{job.pk}", time.time() - 61)

    assert recovery.requeue_interrupted() == [str(job.pk)]


def test_an_interrupted_job_without_retries_still_runs_again(liangyuan_officer):
    job = interrupted(handlers.count_rows, liangyuan_officer, rows=1)
    assert job.max_attempts == 1

    recovery.requeue_interrupted()

    assert Job.objects.get(pk=job.pk).status == Job.Status.SUCCEEDED


def test_a_job_that_keeps_killing_its_worker_is_given_up_with_a_message(liangyuan_officer):
    job = interrupted(handlers.count_rows, liangyuan_officer, rows=1)
    Job.objects.filter(pk=job.pk).update(attempts=1 + recovery.EXTRA_RUNS_AFTER_INTERRUPTION)

    assert recovery.requeue_interrupted() == []

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == "执行任务的进程多次中断（共 3 次），任务已停止。请联系市商务局管理员。"


def test_the_outcome_of_a_run_given_up_for_dead_does_not_overwrite_its_replacement(liangyuan_officer):
    from jobs.execution import RunningJob, _claim, _succeed

    job = Job.objects.create(kind=handlers.count_rows.kind, label="x", params={"rows": 1})
    first = RunningJob(_claim(job.pk))
    Job.objects.filter(pk=job.pk).update(status=Job.Status.QUEUED, run_token=None)  # the sweep took it
    second = RunningJob(_claim(job.pk))

    _succeed(first, {"from": "first"})
    assert Job.objects.get(pk=job.pk).status == Job.Status.RUNNING
    _succeed(second, {"from": "second"})

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.result == {"from": "second"} and job.attempts == 2


def test_a_queued_job_missing_from_the_queue_is_enqueued_again(queued_for_a_worker, liangyuan_officer):
    lost = Job.objects.create(kind=handlers.count_rows.kind, label="x", params={"rows": 1})
    waiting = Job.objects.create(kind=handlers.count_rows.kind, label="x", params={"rows": 1})
    queue.enqueue(waiting.pk)

    assert recovery.enqueue_lost(older_than_seconds=0) == [str(lost.pk)]
    assert queue.waiting_ids() == {str(lost.pk), str(waiting.pk)}


def test_a_recently_queued_job_is_given_time_to_reach_the_queue(queued_for_a_worker, liangyuan_officer):
    Job.objects.create(kind=handlers.count_rows.kind, label="x", params={"rows": 1})

    assert recovery.enqueue_lost() == []


def test_a_periodic_job_runs_once_per_scheduled_time_however_many_workers_fire_it():
    calls = []

    @periodic_job(crontab(minute="0", hour="7"), label="每日提醒")
    def remind(job):
        calls.append(job.id)
        return {"message": "sent"}

    remind.periodic.call_local()
    remind.periodic.call_local()  # a second node's scheduler fires the same 07:00

    jobs = Job.objects.filter(kind=remind.kind)
    assert len(calls) == 1 and jobs.count() == 1
    job = jobs.get()
    assert job.owner is None and job.status == Job.Status.SUCCEEDED
    assert job.dedupe_key.startswith(f"{remind.kind}@") and job.dedupe_key.endswith("T07:00")


def test_the_scheduled_slot_is_the_latest_matching_minute_in_local_time():
    at = datetime.datetime(2018, 4, 16, 9, 30, 45)
    assert scheduled_slot(crontab(minute="0", hour="7"), at) == datetime.datetime(2018, 4, 16, 7, 0)
    assert scheduled_slot(crontab(minute="*/15"), at) == datetime.datetime(2018, 4, 16, 9, 30)
    assert scheduled_slot(crontab(minute="0", hour="7", day="1"), at) == datetime.datetime(2018, 4, 1, 7, 0)

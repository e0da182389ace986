"""Each notice is emailed at most once: a deliverer claims a notice (moves it out of "pending" with a
conditional UPDATE) before sending it, so a second run, a retried job or a deliverer running at the same
time finds nothing to send; a failed send is recorded and retried up to five attempts."""

import pytest
from django.core import mail

from notifications import emails
from notifications.models import EmailStatus, Notification
from notifications.services import MAX_EMAIL_ATTEMPTS, emails_deliver, notification_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(liangyuan_officer):
    liangyuan_officer.email = "liangyuan@example.gov.cn"
    liangyuan_officer.save()
    [notice] = notification_send(
        recipients=[liangyuan_officer], kind="report_approved", message=lambda: ("主题", "正文")
    )
    mail.outbox.clear()  # the job runner (immediate in tests) already delivered it on commit, if any
    Notification.objects.filter(pk=notice.pk).update(email_status=EmailStatus.PENDING, email_attempts=0)
    return notice


def test_delivering_twice_sends_one_email(notice):
    assert emails_deliver() == {"sent": 1, "failed": 0}
    assert emails_deliver() == {"sent": 0, "failed": 0}
    assert emails_deliver(notification_ids=[notice.pk]) == {"sent": 0, "failed": 0}
    assert len(mail.outbox) == 1


def test_a_deliverer_running_while_another_sends_finds_the_notice_claimed(notice, monkeypatch):
    inner = []
    real_send = emails.send

    def send_while_another_runs(n):
        inner.append(emails_deliver())  # a second worker (or the daily job) starts now
        real_send(n)

    monkeypatch.setattr(emails, "send", send_while_another_runs)
    assert emails_deliver() == {"sent": 1, "failed": 0}
    assert inner == [{"sent": 0, "failed": 0}]
    assert len(mail.outbox) == 1


def test_a_failed_send_is_recorded_and_retried_until_the_attempts_are_used_up(notice, monkeypatch):
    def broken(n):
        raise ConnectionRefusedError("smtp.example.gov.cn:587 refused")

    monkeypatch.setattr(emails, "send", broken)
    for _ in range(MAX_EMAIL_ATTEMPTS + 2):
        emails_deliver()
    notice.refresh_from_db()
    assert (notice.email_status, notice.email_attempts) == (EmailStatus.FAILED, MAX_EMAIL_ATTEMPTS)
    assert "refused" in notice.email_error


def test_a_failed_send_goes_out_once_the_server_is_back(notice, monkeypatch):
    monkeypatch.setattr(emails, "send", lambda n: (_ for _ in ()).throw(TimeoutError("timed out")))
    emails_deliver()
    monkeypatch.undo()
    assert emails_deliver() == {"sent": 1, "failed": 0}
    notice.refresh_from_db()
    assert (notice.email_status, notice.email_attempts) == (EmailStatus.SENT, 2)
    assert len(mail.outbox) == 1


def test_a_deliverer_that_died_after_claiming_is_not_repeated(notice):
    """At most once rather than at least once: a worker killed between the claim and the mail server's
    answer leaves the notice marked sent (a reader still has it in the inbox), never a duplicate email."""
    Notification.objects.filter(pk=notice.pk).update(email_status=EmailStatus.SENT, email_attempts=1)
    assert emails_deliver() == {"sent": 0, "failed": 0}
    assert mail.outbox == []

"""Real concurrency on PostgreSQL: two sessions acting on one report at the same moment.

The first transaction holds the report's row lock (``select_for_update``) a moment before committing;
the second blocks on the lock, then sees the new version and is refused. Without the lock both would
read the same version and the later write would silently overwrite the earlier one.
SQLite serialises writers at BEGIN, so the same guarantees are tested there with the version check.
"""

import threading
import time

import pytest
from django.db import connection, transaction

from counties import services
from counties.models import QuarterlyReport, ReportStatus
from tests import builders

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
    pytest.mark.django_db(transaction=True),
]


def _race(first, second):
    """Run ``first`` holding its transaction open while ``second`` starts; return each one's outcome."""
    outcomes = {}
    first_has_lock = threading.Event()

    def run(name, action, hold):
        try:
            with transaction.atomic():
                outcomes[name] = action()
                if hold:
                    first_has_lock.set()
                    time.sleep(0.5)  # keep the lock while the other session tries
        except Exception as e:  # noqa: BLE001 - the outcome is what the test inspects
            outcomes[name] = e
            first_has_lock.set()
        finally:
            connection.close()

    a = threading.Thread(target=run, args=("first", first, True))
    b = threading.Thread(target=lambda: (first_has_lock.wait(5), run("second", second, False)))
    a.start()
    b.start()
    a.join(10)
    b.join(10)
    return outcomes["first"], outcomes["second"]


def test_two_admins_approving_at_once_approve_once(city_admin, liangyuan_officer):
    report = builders.report(status=ReportStatus.SUBMITTED)
    approve = lambda: services.report_approve(report_id=report.pk, user=city_admin, version=1)  # noqa: E731
    first, second = _race(approve, approve)
    assert isinstance(first, QuarterlyReport) and isinstance(second, services.StaleVersion)
    report.refresh_from_db()
    assert (report.status, report.version) == (ReportStatus.APPROVED, 2)
    assert report.history.filter(status=ReportStatus.APPROVED).count() == 1


def test_an_admin_returning_while_another_approves_does_not_overwrite_the_approval(city_admin):
    report = builders.report(status=ReportStatus.SUBMITTED)
    first, second = _race(
        lambda: services.report_approve(report_id=report.pk, user=city_admin, version=1),
        lambda: services.report_return(report_id=report.pk, user=city_admin, version=1, comment="退回"),
    )
    assert isinstance(second, services.StaleVersion)
    report.refresh_from_db()
    assert (report.status, report.review_comment) == (ReportStatus.APPROVED, "")


def test_two_officers_saving_the_same_draft_at_once_lose_nothing_silently(liangyuan_officer, liangyuan):
    report = builders.report(status=ReportStatus.DRAFT, employees=10)

    def save(n):
        return lambda: services.report_save_draft(
            county=liangyuan, year=2016, quarter=1, user=liangyuan_officer, version=1, figures={"employees": n}
        )

    first, second = _race(save(11), save(12))
    assert isinstance(second, services.StaleVersion)
    report.refresh_from_db()
    assert (report.employees, report.version) == (11, 2)


def test_an_admin_approving_while_the_county_resubmits_keeps_one_consistent_outcome(city_admin, liangyuan_officer):
    # The county resubmits a returned report while an admin, on a stale page, tries to approve it.
    report = builders.report(status=ReportStatus.RETURNED, first_submitted_at=None)
    first, second = _race(
        lambda: services.report_resubmit(report_id=report.pk, user=liangyuan_officer, version=1),
        lambda: services.report_approve(report_id=report.pk, user=city_admin, version=1),
    )
    assert isinstance(first, QuarterlyReport) and isinstance(second, services.StaleVersion)
    report.refresh_from_db()
    assert (report.status, report.version) == (ReportStatus.SUBMITTED, 2)

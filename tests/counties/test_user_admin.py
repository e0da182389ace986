"""A city admin creates a county officer in one admin page: user, group and county."""

import pytest
from django.contrib.auth.models import Group, User

from counties import roles
from counties.models import County

pytestmark = pytest.mark.django_db


def test_city_admin_sets_an_officers_county_on_the_user_page(client, city_admin):
    officer = User.objects.create_user("ningling-new", password="x-Long-password-1")
    client.force_login(city_admin)
    county = County.objects.get(code="411423")
    group = Group.objects.get(name=roles.COUNTY_STAFF)
    page = client.get(f"/admin/auth/user/{officer.pk}/change/")
    assert page.status_code == 200 and "所属县区" in page.content.decode()
    form = {
        "username": "ningling-new",
        "first_name": "宁陵县填报员",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "groups": [group.pk],
        "date_joined_0": "2026-11-01",
        "date_joined_1": "08:00:00",
        "membership-TOTAL_FORMS": "1",
        "membership-INITIAL_FORMS": "0",
        "membership-MIN_NUM_FORMS": "0",
        "membership-MAX_NUM_FORMS": "1",
        "membership-0-county": county.pk,
    }
    response = client.post(f"/admin/auth/user/{officer.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    officer.refresh_from_db()
    assert officer.membership.county == county
    assert roles.is_county_staff(User.objects.get(pk=officer.pk))


def test_the_admin_is_for_city_admins_only_even_with_the_staff_flag(client, liangyuan_officer, leader):
    for user in (liangyuan_officer, leader):
        user.is_staff = True
        user.save()
        client.force_login(user)
        assert client.get("/admin/enterprises/enterprise/").status_code == 302  # to the admin login


def test_a_city_admin_cannot_make_anyone_superuser(client, city_admin):
    client.force_login(city_admin)
    page = client.get(f"/admin/auth/user/{city_admin.pk}/change/").content.decode()
    assert 'name="is_superuser"' not in page and 'name="user_permissions"' not in page


def test_editing_a_report_in_the_admin_keeps_the_workflow_and_bumps_the_version(client, city_admin):
    from counties.models import ReportStatus
    from tests import builders

    report = builders.report("411402", 2016, 1, status=ReportStatus.DRAFT)
    client.force_login(city_admin)
    page = client.get(f"/admin/counties/quarterlyreport/{report.pk}/change/").content.decode()
    assert 'name="status"' not in page
    form = {
        "county": report.county_id,
        "year": 2016,
        "quarter": 1,
        "transaction_usd": "555",
        "employees": 10,
        "reporting_enterprises": 1,
        "remark": "更正",
        "review_comment": "",
        "reopen_reason": "",
    }
    response = client.post(f"/admin/counties/quarterlyreport/{report.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    report.refresh_from_db()
    assert (report.transaction_usd, report.status, report.version) == (555, ReportStatus.DRAFT, 2)

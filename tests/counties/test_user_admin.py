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

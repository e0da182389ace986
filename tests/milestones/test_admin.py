"""The admin shows a key project's progress but sends city admins to the page that keeps its history."""

import pytest

from milestones.services import progress_record
from targets.models import Milestone

pytestmark = pytest.mark.django_db


def test_the_admin_shows_the_status_read_only_with_a_link_to_record_progress(client, city_admin):
    customs = Milestone.objects.get(code="customs_upgrade")
    client.force_login(city_admin)
    html = client.get(f"/admin/targets/milestone/{customs.pk}/change/").content.decode()
    assert f'href="/milestones/{customs.pk}/record/"' in html
    assert 'name="status"' not in html and 'name="reached_on"' not in html


def test_progress_entries_are_listed_in_the_admin_but_cannot_be_changed(client, city_admin):
    customs = Milestone.objects.get(code="customs_upgrade")
    entry = progress_record(milestone=customs, by=city_admin, status="in_progress", note="报送申请")
    client.force_login(city_admin)
    assert "郑州海关驻商丘办事处升格为商丘海关" in client.get("/admin/milestones/progressentry/").content.decode()
    html = client.get(f"/admin/milestones/progressentry/{entry.pk}/change/").content.decode()
    assert 'name="note"' not in html
    assert client.get("/admin/milestones/progressentry/add/").status_code == 403

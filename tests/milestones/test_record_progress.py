"""A city admin records a key project's progress; nobody else can; nothing is half-written."""

import datetime

import pytest
from django.utils import timezone

from milestones.models import Attachment, ProgressEntry
from targets.models import Milestone, MilestoneStatus
from tests.milestones import files
from tests.milestones.conftest import stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def customs(plan):
    return Milestone.objects.get(plan=plan, code="customs_upgrade")


def record_url(milestone):
    return f"/milestones/{milestone.pk}/record/"


def post(client, milestone, **data):
    data = {"status": "in_progress", "reached_on": "", "note": "已报送升格申请。", **data}
    return client.post(record_url(milestone), data)


def test_a_city_admin_records_progress_with_an_attachment(client, city_admin, customs):
    client.force_login(city_admin)
    response = post(client, customs, note="已报送升格申请，等待批复。", uploads=[files.pdf("申请函.pdf")])
    assert response.status_code == 302 and response.url == f"/milestones/{customs.pk}/"
    entry = ProgressEntry.objects.get(milestone=customs)
    assert (entry.status, entry.note, entry.recorded_by) == ("in_progress", "已报送升格申请，等待批复。", city_admin)
    attachment = entry.attachments.get()
    assert (attachment.original_name, attachment.content_type) == ("申请函.pdf", "application/pdf")
    customs.refresh_from_db()
    assert (customs.status, customs.evidence) == ("in_progress", "已报送升格申请，等待批复。")


def test_the_stored_file_has_a_random_name_not_the_original_one(client, city_admin, customs):
    client.force_login(city_admin)
    post(client, customs, uploads=[files.pdf("申请函.pdf"), files.png()])
    names = [a.file.name for a in Attachment.objects.all()]
    assert len(names) == 2 and all(name.startswith("milestones/") for name in names)
    assert not any("申请函" in name or "现场照片" in name for name in names)
    assert len({name.rsplit("/", 1)[1] for name in names}) == 2 and all(len(n.rsplit("/", 1)[1]) >= 36 for n in names)


def test_done_with_a_date_sets_the_milestone_done_on_that_date(client, city_admin, customs):
    client.force_login(city_admin)
    post(client, customs, status="done", reached_on="2017-11-20", note="海关总署批复同意升格。")
    customs.refresh_from_db()
    assert (customs.status, customs.reached_on) == (MilestoneStatus.DONE, datetime.date(2017, 11, 20))


def test_done_without_a_date_is_refused_naming_the_date(client, city_admin, customs):
    client.force_login(city_admin)
    response = post(client, customs, status="done", reached_on="")
    assert response.status_code == 200
    assert response.context["form"].errors["reached_on"] == ["状态为“已完成”时必须填写完成日期。"]
    assert "没有保存" in response.content.decode()
    assert not ProgressEntry.objects.exists()


def test_a_date_in_the_future_is_refused(client, city_admin, customs):
    client.force_login(city_admin)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = post(client, customs, status="done", reached_on=tomorrow.isoformat())
    assert response.context["form"].errors["reached_on"][0].startswith("完成日期不能晚于今天")
    customs.refresh_from_db()
    assert customs.status == MilestoneStatus.NOT_STARTED and not ProgressEntry.objects.exists()


def test_a_date_reached_for_a_project_not_done_is_refused(client, city_admin, customs):
    client.force_login(city_admin)
    response = post(client, customs, status="in_progress", reached_on="2017-05-01")
    assert "只有状态为“已完成”时才填写完成日期" in response.context["form"].errors["reached_on"][0]


def test_a_date_before_the_plan_began_is_refused(client, city_admin, customs):
    client.force_login(city_admin)
    response = post(client, customs, status="done", reached_on="2015-12-31")
    assert response.context["form"].errors["reached_on"] == ["完成日期不能早于行动计划开始的2016年。"]


def test_an_empty_note_is_refused_naming_the_field(client, city_admin, customs):
    client.force_login(city_admin)
    response = post(client, customs, note="   ")
    assert response.context["form"].errors["note"] == ["请填写进展说明。"]


def test_a_county_officer_cannot_record_progress(client, liangyuan_officer, customs):
    client.force_login(liangyuan_officer)
    assert client.get(record_url(customs)).status_code == 403
    assert post(client, customs, uploads=[files.pdf()]).status_code == 403
    assert not ProgressEntry.objects.exists() and not Attachment.objects.exists()


def test_a_leader_cannot_record_progress(client, leader, customs):
    client.force_login(leader)
    assert post(client, customs).status_code == 403
    assert not ProgressEntry.objects.exists()


def test_one_bad_file_among_good_ones_writes_nothing(client, city_admin, customs, media):
    client.force_login(city_admin)
    response = post(client, customs, uploads=[files.pdf(), files.program("说明.pdf")])
    assert response.status_code == 200
    assert not ProgressEntry.objects.exists() and not Attachment.objects.exists()
    assert stored_files(media) == []


def test_a_failure_after_files_were_stored_removes_them(city_admin, customs, monkeypatch, media):
    """The milestone's save fails after the files were written: no entry, no file left on disk."""
    from django.core.exceptions import ValidationError

    from milestones import services

    def broken(self, *args, **kwargs):
        raise ValidationError("boom")

    monkeypatch.setattr(Milestone, "full_clean", broken)
    uploads = [files.pdf(), files.png()]
    with pytest.raises(ValidationError):
        services.progress_record(milestone=customs, by=city_admin, status="in_progress", note="x", uploads=uploads)
    assert not ProgressEntry.objects.exists()
    assert stored_files(media) == []


def test_history_is_kept_every_entry_in_order_with_who_and_when(client, city_admin, customs):
    client.force_login(city_admin)
    versions_before = customs.history.count()
    post(client, customs, note="报送申请。")
    post(client, customs, status="done", reached_on="2017-11-20", note="批复同意。", uploads=[files.word()])
    entries = list(ProgressEntry.objects.filter(milestone=customs))
    assert [e.note for e in entries] == ["批复同意。", "报送申请。"]  # newest first
    html = client.get(f"/milestones/{customs.pk}/").content.decode()
    assert html.index("批复同意。") < html.index("报送申请。") and "批复.docx" in html
    assert customs.history.count() == versions_before + 2  # the milestone's own history too, naming who
    assert customs.history.first().history_user == city_admin

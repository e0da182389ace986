"""Follow-up and the thread: the city marks a figure, the county answers, the city resolves; both sides
read the thread on the report's page, and every message is kept in history."""

import pytest
from django.urls import reverse

from counties.models import ReportStatus
from quality.models import Comment, FollowUp, FollowUpStatus
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted():
    return builders.report("411402", 2016, 1, status=ReportStatus.SUBMITTED)


def mark(client, report, figure="transaction_usd", reason="交易额与海关数据差距较大，请核实。"):
    return client.post(reverse("quality:follow_up_create", args=[report.pk]), {"figure": figure, "reason": reason})


def test_a_city_admin_marks_a_figure_for_follow_up_and_the_thread_records_it(client, city_admin, submitted):
    client.force_login(city_admin)
    response = mark(client, submitted)
    assert response.url == reverse("report_detail", args=[submitted.pk]) + "#follow-ups"
    follow_up = FollowUp.objects.get()
    assert (follow_up.figure, follow_up.status, follow_up.created_by) == ("transaction_usd", "open", city_admin)
    marked = Comment.objects.get()
    assert (marked.kind, marked.text, marked.follow_up) == ("marked", "交易额与海关数据差距较大，请核实。", follow_up)
    page = client.get(reverse("report_detail", args=[submitted.pk])).content.decode()
    assert "标记跟进：交易额（美元）" in page[page.index('id="thread"') :]


def test_the_county_sees_the_follow_up_and_answers_it_in_the_thread(client, city_admin, liangyuan_officer, submitted):
    client.force_login(city_admin)
    mark(client, submitted)
    client.force_login(liangyuan_officer)
    page = client.get(reverse("report_detail", args=[submitted.pk])).content.decode()
    assert "交易额与海关数据差距较大" in page and "1项待跟进" in page
    follow_up = FollowUp.objects.get()
    client.post(
        reverse("quality:comment_create", args=[submitted.pk]),
        {"text": "已核实：含一笔预付货款，数据无误。", "follow_up": follow_up.pk},
    )
    answer = Comment.objects.latest("pk")
    assert (answer.author, answer.follow_up) == (liangyuan_officer, follow_up)
    client.force_login(city_admin)
    assert "已核实：含一笔预付货款" in client.get(reverse("report_detail", args=[submitted.pk])).content.decode()


def test_the_city_resolves_a_follow_up_with_what_came_of_it(client, city_admin, submitted):
    client.force_login(city_admin)
    mark(client, submitted)
    follow_up = FollowUp.objects.get()
    client.post(reverse("quality:follow_up_resolve", args=[follow_up.pk]), {"resolution": "县区已说明，数据无误。"})
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.resolution, follow_up.resolved_by) == (
        "resolved",
        "县区已说明，数据无误。",
        city_admin,
    )
    resolved = Comment.objects.latest("pk")
    assert (resolved.kind, resolved.text) == ("resolved", "县区已说明，数据无误。")


def test_a_follow_up_cannot_be_resolved_twice_or_without_a_resolution(client, city_admin, submitted):
    client.force_login(city_admin)
    mark(client, submitted)
    follow_up = FollowUp.objects.get()
    response = client.post(reverse("quality:follow_up_resolve", args=[follow_up.pk]), {"resolution": " "}, follow=True)
    assert "处理结果不能为空。" in response.content.decode()
    client.post(reverse("quality:follow_up_resolve", args=[follow_up.pk]), {"resolution": "好"})
    response = client.post(
        reverse("quality:follow_up_resolve", args=[follow_up.pk]), {"resolution": "再次"}, follow=True
    )
    assert "该跟进事项已经解决。" in response.content.decode()
    assert Comment.objects.filter(text__contains="再次").count() == 0


def test_marking_needs_a_known_figure_and_a_reason(client, city_admin, submitted):
    client.force_login(city_admin)
    url = reverse("quality:follow_up_create", args=[submitted.pk])
    page = client.post(url, {"figure": "remark", "reason": "r"}, follow=True).content.decode()
    assert "请选择要跟进的指标。" in page
    assert "跟进原因不能为空。" in client.post(url, {"figure": "employees", "reason": ""}, follow=True).content.decode()
    assert not FollowUp.objects.exists()


def test_an_open_follow_up_is_a_flag_on_the_figure_in_the_review_queue(client, city_admin, submitted):
    client.force_login(city_admin)
    mark(client, submitted, figure="employees")
    page = client.get(reverse("review_queue")).content.decode()
    assert "num flag-follow_up" in page
    assert "市商务局要求跟进：从业人员（人）" in page


def test_the_follow_up_list_shows_open_ones_until_resolved_and_the_latest_answer(client, city_admin, submitted):
    client.force_login(city_admin)
    mark(client, submitted)
    follow_up = FollowUp.objects.get()
    Comment.objects.create(report=submitted, author=city_admin, text="请尽快答复", follow_up=follow_up)
    page = client.get(reverse("quality:follow_ups")).content.decode()
    assert "交易额与海关数据差距较大" in page and "请尽快答复" in page
    follow_up.status = FollowUpStatus.RESOLVED
    follow_up.save()
    assert "交易额与海关数据差距较大" not in client.get(reverse("quality:follow_ups")).content.decode()
    assert "交易额与海关数据差距较大" in client.get(reverse("quality:follow_ups"), {"status": "all"}).content.decode()


def test_a_county_sees_only_its_own_follow_ups(client, city_admin, suiyang_officer, submitted):
    client.force_login(city_admin)
    mark(client, submitted)
    client.force_login(suiyang_officer)
    assert "交易额与海关数据差距较大" not in client.get(reverse("quality:follow_ups")).content.decode()
    assert client.get(reverse("quality:follow_ups"), {"county": "411402"}).status_code == 404


def test_a_leader_reads_the_thread_but_cannot_write_in_it(client, leader, submitted):
    client.force_login(leader)
    page = client.get(reverse("report_detail", args=[submitted.pk])).content.decode()
    assert 'id="thread"' in page and "comment-text" not in page
    assert client.post(reverse("quality:comment_create", args=[submitted.pk]), {"text": "x"}).status_code == 403
    assert not Comment.objects.exists()


def test_another_countys_officer_cannot_reach_the_thread(client, suiyang_officer, submitted):
    client.force_login(suiyang_officer)
    assert client.post(reverse("quality:comment_create", args=[submitted.pk]), {"text": "x"}).status_code == 404


def test_an_answer_cannot_point_at_another_reports_follow_up(client, city_admin, liangyuan_officer, submitted):
    other = builders.report("411402", 2016, 2, status=ReportStatus.SUBMITTED)
    client.force_login(city_admin)
    mark(client, other)
    client.force_login(liangyuan_officer)
    response = client.post(
        reverse("quality:comment_create", args=[submitted.pk]),
        {"text": "答复", "follow_up": FollowUp.objects.get().pk},
        follow=True,
    )
    assert "找不到该跟进事项。" in response.content.decode()
    assert not Comment.objects.filter(report=submitted).exists()


def test_messages_are_kept_in_history(client, liangyuan_officer, submitted):
    client.force_login(liangyuan_officer)
    client.post(reverse("quality:comment_create", args=[submitted.pk]), {"text": "第一条"})
    comment = Comment.objects.get()
    assert comment.history.count() == 1 and comment.history.first().history_user == liangyuan_officer


def test_the_marking_form_may_return_to_the_outlier_page_but_not_to_another_site(client, city_admin, submitted):
    client.force_login(city_admin)
    url = reverse("quality:follow_up_create", args=[submitted.pk])
    back = client.post(url, {"figure": "employees", "reason": "r", "next": "/quality/outliers/?year=2016&quarter=1"})
    assert back.url == "/quality/outliers/?year=2016&quarter=1"
    away = client.post(url, {"figure": "employees", "reason": "r", "next": "https://evil.example/"})
    assert away.url.startswith(reverse("report_detail", args=[submitted.pk]))


def test_the_thread_labels_marking_resolving_and_answers_in_the_readers_language(
    client, city_admin, liangyuan_officer, submitted
):
    client.force_login(city_admin)
    mark(client, submitted, figure="employees", reason="与社保人数不符")
    follow_up = FollowUp.objects.get()
    client.force_login(liangyuan_officer)
    client.post(
        reverse("quality:comment_create", args=[submitted.pk]), {"text": "含季节工。", "follow_up": follow_up.pk}
    )
    client.cookies["django_language"] = "en"
    page = client.get(reverse("report_detail", args=[submitted.pk])).content.decode()
    thread = page[page.index('id="thread"') :]
    assert "Marked for follow-up: Employees (people)" in thread and "与社保人数不符" in thread
    assert "Answers the follow-up on Employees (people)" in thread
    assert "标记跟进" not in thread


def test_the_follow_up_list_shows_no_answer_until_someone_answers(client, city_admin, liangyuan_officer, submitted):
    client.force_login(city_admin)
    mark(client, submitted, reason="请核实交易额")
    page = client.get(reverse("quality:follow_ups")).content.decode()
    row = page[page.index("请核实交易额") :]
    assert row.count("请核实交易额") == 1  # the marking is not shown as its own answer


def test_threads_written_before_the_kind_was_kept_are_read_from_their_labels(city_admin, submitted):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("quality.migrations.0003_comment_kind")
    follow_up = FollowUp.objects.create(report=submitted, figure="employees", reason="r", created_by=city_admin)
    old = [
        Comment.objects.create(report=submitted, follow_up=follow_up, text="【标记跟进：从业人员（人）】请核实"),
        Comment.objects.create(
            report=submitted, follow_up=follow_up, text="[Follow-up resolved: Employees (people)] OK"
        ),
        Comment.objects.create(report=submitted, follow_up=follow_up, text="【说明】一条普通答复"),
    ]
    migration.kinds_from_labels(apps, None)
    assert [(c.kind, c.text) for c in Comment.objects.filter(pk__in=[c.pk for c in old]).order_by("pk")] == [
        ("marked", "请核实"),
        ("resolved", "OK"),
        ("message", "【说明】一条普通答复"),
    ]

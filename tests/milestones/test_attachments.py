"""Evidence files: what is accepted, what is refused and why, and who may download them."""

import pytest
from django.contrib.auth.models import User

from milestones.models import Attachment, ProgressEntry
from milestones.services import progress_record
from targets.models import Milestone
from tests.milestones import files
from tests.milestones.conftest import stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def customs(plan):
    return Milestone.objects.get(plan=plan, code="customs_upgrade")


def upload(client, milestone, *uploads):
    data = {"status": "in_progress", "reached_on": "", "note": "进展", "uploads": list(uploads)}
    return client.post(f"/milestones/{milestone.pk}/record/", data)


def errors(response) -> list[str]:
    return response.context["form"].errors["uploads"]


@pytest.mark.parametrize("make", [files.pdf, files.png, files.word, files.workbook], ids=["pdf", "png", "docx", "xlsx"])
def test_pdf_images_word_and_excel_files_are_accepted(client, city_admin, customs, make):
    client.force_login(city_admin)
    assert upload(client, customs, make()).status_code == 302
    assert Attachment.objects.count() == 1


def test_a_file_too_big_is_refused_with_its_name_and_the_limit(client, city_admin, customs, settings, media):
    settings.MILESTONE_ATTACHMENT_MAX_BYTES = 1024 * 1024
    client.force_login(city_admin)
    response = upload(client, customs, files.pdf("扫描件.pdf", files.PDF_BYTES + b" " * (1536 * 1024)))
    assert errors(response) == ["附件“扫描件.pdf”有1.5\xa0MB，超过了每个文件1.0\xa0MB的上限，请压缩或拆分后再上传。"]
    assert not ProgressEntry.objects.exists() and stored_files(media) == []


def test_a_file_of_a_wrong_type_is_refused_naming_the_allowed_types(client, city_admin, customs):
    client.force_login(city_admin)
    response = upload(client, customs, files.program("setup.exe"))
    assert errors(response) == [
        "附件“setup.exe”的类型不能上传：只能上传PDF、JPG、PNG、Word（.docx）或Excel（.xlsx）文件。"
    ]


def test_a_program_renamed_to_pdf_is_refused_by_its_content(client, city_admin, customs):
    client.force_login(city_admin)
    response = upload(client, customs, files.program("批复.pdf"))
    assert "附件“批复.pdf”的内容不是PDF" in errors(response)[0]


def test_a_word_file_with_macros_is_refused(client, city_admin, customs):
    client.force_login(city_admin)
    response = upload(client, customs, files.word("方案.docx", macro=True))
    assert "附件“方案.docx”的内容不是Word文档（.docx）" in errors(response)[0]


def test_more_files_than_allowed_at_once_are_refused(client, city_admin, customs, settings):
    settings.MILESTONE_ATTACHMENTS_PER_ENTRY = 2
    client.force_login(city_admin)
    response = upload(client, customs, files.pdf("1.pdf"), files.pdf("2.pdf"), files.pdf("3.pdf"))
    assert errors(response) == ["每次最多上传2个附件，这次选了3个。"]


@pytest.fixture
def evidence(customs, city_admin):
    entry = progress_record(
        milestone=customs, by=city_admin, status="in_progress", note="申请", uploads=[files.pdf("升格申请函.pdf")]
    )
    return entry.attachments.get()


def test_a_leader_downloads_the_file_under_its_original_name(client, leader, evidence):
    client.force_login(leader)
    response = client.get(f"/milestones/files/{evidence.key}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E5%8D%87%E6%A0%BC%E7%94%B3%E8%AF%B7%E5%87%BD.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == files.PDF_BYTES


def test_a_county_officer_may_read_the_evidence_too(client, liangyuan_officer, evidence):
    client.force_login(liangyuan_officer)
    assert client.get(f"/milestones/files/{evidence.key}/").status_code == 200


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, evidence):
    response = client.get(f"/milestones/files/{evidence.key}/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_a_signed_in_user_without_a_role_is_refused(client, evidence):
    client.force_login(User.objects.create_user("nobody"))
    assert client.get(f"/milestones/files/{evidence.key}/").status_code == 403


def test_a_guessed_key_finds_nothing(client, leader, evidence):
    client.force_login(leader)
    assert client.get("/milestones/files/00000000-0000-4000-8000-000000000000/").status_code == 404


def test_the_file_is_not_reachable_under_a_media_url(client, leader, evidence):
    client.force_login(leader)
    assert client.get("/media/" + evidence.file.name).status_code == 404


def test_a_body_bigger_than_any_allowed_upload_is_refused_before_it_is_read(
    client, city_admin, customs, settings, monkeypatch
):
    """Django would first copy every uploaded byte to a temporary file: a body larger than the files allowed
    at once could ever make is refused without parsing it (the parser is never called)."""
    from django.http import multipartparser

    settings.MILESTONE_ATTACHMENT_MAX_BYTES = 1024
    settings.MILESTONE_ATTACHMENTS_PER_ENTRY = 1

    def never(*args, **kwargs):
        raise AssertionError("the body was parsed")

    monkeypatch.setattr(multipartparser.MultiPartParser, "parse", never)
    client.force_login(city_admin)
    response = upload(client, customs, files.pdf("全部扫描件.pdf", files.PDF_BYTES + b" " * (1200 * 1024)))
    assert response.status_code == 413
    assert "没有保存。请减少或压缩附件后重新填写提交。" in response.content.decode()
    assert not ProgressEntry.objects.exists()


def test_the_record_form_still_needs_its_csrf_token(city_admin, customs):
    from tests.twofactor import VerifyingClient

    client = VerifyingClient(enforce_csrf_checks=True)
    client.force_login(city_admin)
    response = upload(client, customs, files.pdf())
    assert response.status_code == 403 and not ProgressEntry.objects.exists()


def test_a_file_name_keeps_no_invisible_characters_and_no_folders():
    from milestones.files import display_name

    assert display_name("C:\\扫描\\批复\u202egpj.pdf") == "批复gpj.pdf"
    assert display_name("a" * 300 + ".docx") == "a" * 195 + ".docx"

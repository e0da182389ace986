"""Which evidence files are accepted: by size, by name and by what their bytes are.

A file is accepted only if its extension is one of ``KINDS`` and its first bytes (or, for Word and Excel,
the parts inside the zip) are that kind: a program renamed to .pdf, a macro workbook renamed to .xlsx or an
old .doc renamed to .docx is refused with a message naming the file and saying what to do. The content
type stored and sent back is the kind's own, never the one the browser claimed.
"""

import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shangqiu_cbec.plaintext import is_hidden

NAME_MAX_LENGTH = 200


@dataclass(frozen=True)
class Kind:
    label: str
    content_type: str
    magic: tuple[bytes, ...] = ()  # the file starts with one of these
    zip_part: str = ""  # an Office Open XML file: this part must be in the zip


PDF = Kind("PDF", "application/pdf", magic=(b"%PDF-",))
JPEG = Kind(gettext_lazy("JPG图片"), "image/jpeg", magic=(b"\xff\xd8\xff",))
PNG = Kind(gettext_lazy("PNG图片"), "image/png", magic=(b"\x89PNG\r\n\x1a\n",))
DOCX = Kind(
    gettext_lazy("Word文档（.docx）"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    zip_part="word/document.xml",
)
XLSX = Kind(
    gettext_lazy("Excel表格（.xlsx）"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    zip_part="xl/workbook.xml",
)
KINDS = {".pdf": PDF, ".jpg": JPEG, ".jpeg": JPEG, ".png": PNG, ".docx": DOCX, ".xlsx": XLSX}
ACCEPT = ",".join(KINDS)  # the file input's accept attribute
MACRO_PARTS = ("vbaProject.bin",)


def allowed_kinds_text() -> str:
    return _("PDF、JPG、PNG、Word（.docx）或Excel（.xlsx）")


def max_bytes() -> int:
    return settings.MILESTONE_ATTACHMENT_MAX_BYTES


def max_count() -> int:
    return settings.MILESTONE_ATTACHMENTS_PER_ENTRY


FORM_FIELDS_MARGIN = 1024 * 1024  # the note, the status, the date, the boundaries between parts


def body_problem(content_length) -> str | None:
    """Why a request body of ``content_length`` bytes is refused unread (more than the files allowed at once
    could make), or None."""
    try:
        size = int(content_length or 0)
    except ValueError:
        return None
    limit = max_count() * max_bytes() + FORM_FIELDS_MARGIN
    if size <= limit:
        return None
    return _(
        "这次提交的内容共%(size)s，超过了上限（每次最多%(count)s个附件，每个不超过%(limit)s），没有保存。请减少或压缩附件后重新填写提交。"
    ) % {
        "size": filesizeformat(size),
        "count": max_count(),
        "limit": filesizeformat(max_bytes()),
    }


def _is_zip_with(upload, part: str) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)
    return part in names and not any(name.endswith(MACRO_PARTS) for name in names)


def _matches(upload, kind: Kind) -> bool:
    if kind.zip_part:
        return _is_zip_with(upload, kind.zip_part)
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return head.startswith(kind.magic)


def check_upload(upload) -> Kind:
    """The kind of an uploaded evidence file, or a ValidationError saying in plain words what is wrong."""
    name = upload.name or ""
    params = {"name": name, "kinds": allowed_kinds_text()}
    kind = KINDS.get(PurePosixPath(name).suffix.lower())
    if kind is None:
        raise ValidationError(_("附件“%(name)s”的类型不能上传：只能上传%(kinds)s文件。") % params, code="type")
    if upload.size == 0:
        raise ValidationError(_("附件“%(name)s”是空文件，请重新选择。") % params, code="empty")
    if upload.size > max_bytes():
        raise ValidationError(
            _("附件“%(name)s”有%(size)s，超过了每个文件%(limit)s的上限，请压缩或拆分后再上传。")
            % {**params, "size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes())},
            code="size",
        )
    if not _matches(upload, kind):
        raise ValidationError(
            _("附件“%(name)s”的内容不是%(kind)s（可能只改了扩展名，或含有宏），请用原程序另存为%(kind)s后再上传。")
            % {**params, "kind": kind.label},
            code="content",
        )
    return kind


def display_name(name: str) -> str:
    """The original file name as it will be shown and offered on download: its last path part without
    invisible characters, at most ``NAME_MAX_LENGTH`` characters, keeping the extension."""
    # Direction overrides and other invisible characters can make "gpj.exe" read as "exe.jpg": drop them.
    visible = "".join(char for char in name if not is_hidden(char))
    base = PurePosixPath(visible.replace("\\", "/")).name or "file"
    if len(base) <= NAME_MAX_LENGTH:
        return base
    suffix = PurePosixPath(base).suffix
    return base[: NAME_MAX_LENGTH - len(suffix)] + suffix

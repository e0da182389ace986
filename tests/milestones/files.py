"""Evidence files as people save them: a PDF, a photo, a Word document and an Excel workbook, and bad ones."""

import io

import docx
import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf(name="验收意见.pdf", data=PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def png(name="现场照片.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def word(name="批复.docx", macro=False) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("同意升格。")
    document.save(buffer)
    data = buffer.getvalue()
    if macro:
        import zipfile

        with zipfile.ZipFile(buffer, "a") as archive:
            archive.writestr("word/vbaProject.bin", b"macro")
        data = buffer.getvalue()
    return SimpleUploadedFile(name, data, content_type="application/msword")


def workbook(name="投资进度.xlsx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    book = openpyxl.Workbook()
    book.active["A1"] = "投资额"
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def program(name="setup.exe") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"MZ\x90\x00" + b"\x00" * 100, content_type="application/octet-stream")

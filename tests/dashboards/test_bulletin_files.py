"""The bulletin rendered for a demo quarter: the DOCX read back with python-docx (and opened by LibreOffice),
the PDF turned into text with pdftotext and checked against the engine, and into PNG pages with pdftoppm
(test-artifacts/bulletin/, for a person to look at).

PDF tests need WeasyPrint (with pango) and poppler's tools; they skip where those are missing unless
REQUIRE_PDF=1 (CI). The LibreOffice check skips without soffice unless REQUIRE_OFFICE=1.
"""

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import translation

from counties.models import QuarterlyReport, ReportStatus
from dashboards.bulletin.content import bulletin_content
from dashboards.bulletin.docx import render_docx
from dashboards.bulletin.pdf import pdf_available, render_pdf
from dashboards.selectors import choose, overview, scorecard
from enterprises.demo import seed_demo
from targets.templatetags.cbec import named, quantity

pytestmark = pytest.mark.django_db
# The rendered files and the PDF's pages as PNG, for a person to look at: test-artifacts/bulletin/, or the
# folder BULLETIN_ARTIFACTS names (e.g. BULLETIN_ARTIFACTS=/tmp/bulletin pytest tests/dashboards/test_bulletin_files.py).
ARTIFACTS = Path(
    os.environ.get("BULLETIN_ARTIFACTS")
    or Path(os.environ.get("TEST_ARTIFACTS") or Path(__file__).resolve().parents[2] / "test-artifacts") / "bulletin"
)
YEAR, QUARTER = 2018, 4  # the demo data leave about a third of 2018 Q4 submitted but not approved


def need(tools_ok: bool, what: str, flag: str):
    if not tools_ok:
        if os.environ.get(flag):
            pytest.fail(f"{what} is missing but {flag} is set")
        pytest.skip(f"{what} not installed")


@pytest.fixture
def demo_quarter():
    seed_demo()
    return choose(YEAR, QUARTER, False)


def flat(text: str) -> str:
    """Text without white space (pdftotext and Word break lines and cells where they like)."""
    return re.sub(r"\s+", "", text)


def pending_units():
    return list(
        QuarterlyReport.objects.filter(year=YEAR, quarter__lte=QUARTER, status=ReportStatus.SUBMITTED)
        .order_by("county__order", "quarter")
        .values_list("county__name", "quarter")
    )


def test_the_docx_of_a_demo_quarter_holds_the_engines_figures(demo_quarter):
    from docx import Document

    data = render_docx(bulletin_content(choice=demo_quarter))
    word = Document(io.BytesIO(data))
    section = word.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)  # A4
    assert "PAGE" in section.footer._element.xml and "NUMPAGES" in section.footer._element.xml
    body = "\n".join(p.text for p in word.paragraphs)
    assert "商政〔2016〕26号" in body and "2018年第4季度" in body
    headlines, *_ = word.tables
    expected = [quantity(r.progress.actual, r.target.indicator) for r in overview(demo_quarter).headlines]
    assert [row.cells[2].text for row in headlines.rows[1:]] == expected
    ranking = next(t for t in word.tables if t.rows[0].cells[0].text == "排名")
    assert [row.cells[1].text for row in ranking.rows[1:]] == [named(r.county) for r in scorecard(demo_quarter).ranked]
    assert len(word.inline_shapes) == 3  # the trends and two maps
    assert 'w:eastAsia="宋体"' in word.styles["Normal"].element.xml
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "bulletin-2018Q4.docx").write_bytes(data)


def test_the_docx_opens_in_libreoffice(demo_quarter, tmp_path):
    soffice = shutil.which("soffice")
    need(soffice is not None, "LibreOffice (soffice)", "REQUIRE_OFFICE")
    source = tmp_path / "bulletin.docx"
    source.write_bytes(render_docx(bulletin_content(choice=demo_quarter)))
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    subprocess.run(
        [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    converted = tmp_path / "bulletin.pdf"
    if not converted.exists():
        need(False, "LibreOffice Writer (libreoffice-writer-nogui)", "REQUIRE_OFFICE")
    text = subprocess.run(["pdftotext", str(converted), "-"], capture_output=True, check=True, text=True).stdout
    assert "商丘市跨境电子商务三年行动计划推进情况通报" in flat(text)
    assert flat(quantity(overview(demo_quarter).headlines[0].progress.actual, "家")) in flat(text)


def test_the_pdf_of_a_demo_quarter_reads_like_the_engine(demo_quarter):
    need(
        pdf_available() and shutil.which("pdftotext") and shutil.which("pdftoppm"), "WeasyPrint/poppler", "REQUIRE_PDF"
    )
    data = render_pdf(bulletin_content(choice=demo_quarter))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / "bulletin-2018Q4.pdf"
    pdf.write_bytes(data)
    text = flat(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True).stdout)

    # the title, the plan's document number and the as-of date
    assert "商丘市跨境电子商务三年行动计划推进情况通报" in text and "商政〔2016〕26号" in text
    assert "数据截至：2018年12月31日" in text
    # headline numbers, as the engine computes them (approved figures only)
    for row in overview(demo_quarter).headlines:
        assert flat(quantity(row.progress.actual, row.target.indicator)) in text, row.target.indicator.code
    # the ranking in the scorecard's order
    ranking = text[text.index("表3") : text.index("图3")]
    names = [r.county.name for r in scorecard(demo_quarter).ranked]
    positions = [ranking.index(name) for name in names]
    assert positions == sorted(positions) and names
    # the pending note names every unit whose submitted figures are left out
    assert pending_units(), "the demo data should leave some 2018 Q4 figures pending"
    assert "仅计已审核的季度数据。以下单位的季度数据已提交、尚待审核，未计入本通报：" in text
    for county, quarter in pending_units():
        assert f"{county}（第{quarter}季度）" in text
    # A4 pages, numbered
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert re.search(r"Page size:\s+595\.\d* x 841\.\d*", info), info
    assert f"—1/{pages}—" in text and f"—{pages}/{pages}—" in text
    # PNG pages a person can look at
    for old in ARTIFACTS.glob("bulletin-2018Q4-page-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), str(ARTIFACTS / "bulletin-2018Q4-page")], check=True)
    assert len(list(ARTIFACTS.glob("bulletin-2018Q4-page-*.png"))) == pages >= 4


def test_the_english_pdf_is_in_english(demo_quarter):
    need(pdf_available() and shutil.which("pdftotext"), "WeasyPrint/poppler", "REQUIRE_PDF")
    with translation.override("en"):
        data = render_pdf(bulletin_content(choice=demo_quarter))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / "bulletin-2018Q4-en.pdf"
    pdf.write_bytes(data)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    assert "Liangyuan District" in text and "Q4 2018" in text
    assert "商丘市跨境电子商务三年行动计划推进情况通报" not in text
    assert "Shang Zheng [2016] No. 26" in " ".join(text.split()) and "商政" not in text

"""The bulletin as an A4 PDF: the document's blocks laid out in HTML and printed by WeasyPrint.

WeasyPrint needs pango; it is imported only when a PDF is made, so a machine without it runs everything
else (``pdf_available`` says whether it can). Figures are embedded as data URLs (trend charts as
SVG, maps as PNG); the URL fetcher refuses everything else, so a document never reaches out to the network.
"""

import base64

from django.template.loader import render_to_string

from dashboards.bulletin import charts
from dashboards.bulletin.document import Figure, Heading, Paragraph, Table, marked


def pdf_available() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def _table(block: Table) -> dict:
    total = sum(block.widths) or 1
    return {
        "kind": "table",
        "key": block.key,
        "caption": block.caption,
        "headers": block.headers,
        "numeric": block.numeric,
        "widths": [round(100 * w / total, 2) for w in block.widths],
        "rows": [
            {
                "group_start": i in block.group_rows and i > 0,
                "cells": [
                    {"text": marked(c), "state": c.state, "strong": c.strong, "numeric": j in block.numeric}
                    for j, c in enumerate(row)
                ],
            }
            for i, row in enumerate(block.rows)
        ],
    }


def _blocks(document, images: dict[str, tuple[str, bytes]]) -> list[dict]:
    blocks = []
    for block in document.blocks:
        if isinstance(block, Heading):
            blocks.append({"kind": "heading", "text": block.text, "level": block.level})
        elif isinstance(block, Paragraph):
            blocks.append({"kind": "paragraph", "text": block.text, "style": block.style})
        elif isinstance(block, Table):
            blocks.append(_table(block))
        elif isinstance(block, Figure) and block.chart in images:
            mime, data = images[block.chart]
            src = f"data:{mime};base64,{base64.b64encode(data).decode()}"
            blocks.append(
                {
                    "kind": "figure",
                    "chart": block.chart,
                    "caption": block.caption,
                    "width_cm": block.width_cm,
                    "src": src,
                }
            )
    return blocks


def render_pdf(content) -> bytes:
    """The PDF of ``content`` (a ``BulletinContent``) in the active language."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    images = charts.render(content, vector=True)
    html = render_to_string(
        "dashboards/bulletin/document.html", {"document": content.document, "blocks": _blocks(content.document, images)}
    )
    fetcher = URLFetcher(allowed_protocols={"data"})  # the embedded figures; nothing from a network or disk
    return HTML(string=html, url_fetcher=fetcher).write_pdf()

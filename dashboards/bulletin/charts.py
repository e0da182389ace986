"""The bulletin's figures, drawn on the server with matplotlib: PNG for the DOCX, SVG for the PDF.

The map decodes the same vendored GeoJSON the browser draws (``dashboards.geo``) and colours it with the
same bands (``dashboards.map``); the trends plot the same series as the dashboards' sparklines
(``dashboards.charts.spark``). Made for a black-and-white printer: every band has a hatch pattern, every
county its figure written on it, every point its value, and the target line is dashed.
"""

import functools
import io
import math
import shutil
import subprocess
import textwrap

import matplotlib
from django.utils.translation import gettext as _
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path
from matplotlib.patheffects import withStroke

from dashboards import geo
from dashboards.map import CountyMap, short_name
from targets.templatetags.cbec import named

CM = 1 / 2.54
FONTS = ["Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "Microsoft YaHei", "SimHei", "DejaVu Sans"]
STYLE = {
    "font.family": "sans-serif",
    "font.sans-serif": FONTS,
    "font.size": 8,
    "axes.unicode_minus": False,
    "svg.fonttype": "path",  # text as outlines: the PDF needs no font to show the chart
    "hatch.linewidth": 0.5,
}


@functools.cache
def chinese_font() -> str | None:
    """The first of ``FONTS`` matplotlib can draw Chinese with, registering the system's Chinese fonts first.

    Matplotlib reads the fonts it knows from a cache built the first time it ran; a font installed after
    that (fonts-noto-cjk added to a machine, a CI image) stays unknown, and every Chinese character of the
    charts is drawn as an empty box. So the files fontconfig lists for Chinese are added at first use."""
    known = {font.name for font in font_manager.fontManager.ttflist}
    if not known & set(FONTS[:-1]) and shutil.which("fc-list"):
        listing = subprocess.run(  # noqa: S603 - a fixed command, no user input
            [shutil.which("fc-list"), ":lang=zh", "file"], capture_output=True, text=True, timeout=20, check=False
        ).stdout
        for path in sorted({line.split(":")[0].strip() for line in listing.splitlines() if line.strip()}):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue  # a file matplotlib cannot read; the others may do
        known = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in FONTS[:-1] if name in known), None)


LATITUDE = 34.4  # Shangqiu: the map's x scale is cos(latitude) of its y scale
DPI = 200


def _save(figure: Figure, fmt: str) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, dpi=DPI, bbox_inches="tight", pad_inches=0.05, metadata=_metadata(fmt))
    return buffer.getvalue()


def _metadata(fmt: str) -> dict:
    # Reproducible files: no creation date in the SVG.
    return {"Date": None} if fmt == "svg" else {}


def _outline(polygons) -> Path:
    vertices, codes = [], []
    for polygon in polygons:
        for ring in polygon:
            vertices += [*ring, ring[0]]
            codes += [Path.MOVETO] + [Path.LINETO] * (len(ring) - 1) + [Path.CLOSEPOLY]
    return Path(vertices, codes)


def county_map(county_map: CountyMap, fmt: str = "png") -> bytes:
    """The choropleth of ``county_map`` with its legend, and the units without a polygon listed beside it."""
    shapes = {shape.name: shape for shape in geo.shapes()}
    chinese_font()
    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(15 * CM, 9 * CM))
        ax = figure.add_axes((0, 0, 0.66, 1))
        for area in county_map.areas:
            shape = shapes.get(area.county.name)
            if shape is None:
                continue
            band = area.band
            ax.add_patch(
                PathPatch(
                    _outline(shape.polygons),
                    facecolor=band.colour,
                    edgecolor="#333333",
                    linewidth=0.6,
                    hatch=band.hatch,
                )
            )
            ax.text(
                *shape.centre,
                f"{short_name(area.county)}\n{area.figure}",
                ha="center",
                va="center",
                fontsize=6.5,
                linespacing=1.1,
                path_effects=[withStroke(linewidth=2.2, foreground="white")],
            )
        ax.autoscale_view()
        ax.set_aspect(1 / math.cos(math.radians(LATITUDE)))
        ax.axis("off")
        _map_legend(figure, county_map)
        return _save(figure, fmt)


def _patch(band) -> Patch:
    return Patch(facecolor=band.colour, edgecolor="#333333", hatch=band.hatch, linewidth=0.6)


def _map_legend(figure: Figure, county_map: CountyMap) -> None:
    bands = figure.legend(
        handles=[_patch(b) for b in county_map.bands],
        labels=[b.label for b in county_map.bands],
        loc="upper left",
        bbox_to_anchor=(0.68, 0.98),
        title=_("图例"),
        frameon=False,
        fontsize=7,
        title_fontsize=7.5,
        handlelength=2.2,
        handleheight=1.2,
        alignment="left",
    )
    figure.add_artist(bands)
    zones = county_map.off_map
    if zones:
        labels = ["\n".join(textwrap.wrap(f"{named(a.county)}  {a.figure}", 22)) for a in zones]
        figure.legend(
            handles=[_patch(a.band) for a in zones],
            labels=labels,
            loc="lower left",
            bbox_to_anchor=(0.68, 0.02),
            title=_("无地图边界的功能区"),
            frameon=False,
            fontsize=7,
            title_fontsize=7.5,
            handlelength=2.2,
            handleheight=1.2,
            alignment="left",
        )


# --- Trends --------------------------------------------------------------------------------------


def trends(series: list[dict], fmt: str = "png") -> bytes:
    """One small chart per headline indicator: the actual at each quarter's end against the year's target."""
    chinese_font()
    with matplotlib.rc_context(STYLE):
        count = max(1, len(series))
        figure = Figure(figsize=(16 * CM, 5.6 * CM))
        axes = figure.subplots(1, count, squeeze=False)[0]
        for ax, data in zip(axes, series, strict=False):
            _trend(ax, data)
        figure.tight_layout(w_pad=1.2)
        return _save(figure, fmt)


def _trend(ax, data: dict) -> None:
    values = data["values"]
    xs = list(range(len(values)))
    ax.plot(xs, values, color="#111111", linewidth=1.2, marker="o", markersize=3.5, zorder=3)
    decimals = data.get("decimals", 0)
    for x, value in zip(xs, values, strict=True):
        # the number alone (the axis names the unit): "199", "11.02": short enough in both languages
        below = x % 2 == 1  # alternate above and below, so neighbouring labels do not run into each other
        text = (
            f"{value:,.{decimals}f}" if abs(value) >= 10_000 else f"{value:.{decimals}f}"
        )  # as the pages group digits
        ax.annotate(
            text, (x, value), textcoords="offset points", xytext=(0, -9 if below else 5), ha="center", fontsize=6
        )
    top = max([v for v in values if v is not None] + [0])
    if data.get("band"):
        low, high = data["band"]
        ax.axhspan(low, high, facecolor="#e5e7eb", edgecolor="#7f1d1d", hatch="///", linewidth=0.6, linestyle="--")
        top = max(top, high)
    if data.get("line") is not None:
        ax.axhline(data["line"], color="#7f1d1d", linestyle="--", linewidth=1)
        top = max(top, data["line"])
    if data.get("target_text"):
        ax.text(0.02, 0.97, data["target_text"], transform=ax.transAxes, fontsize=6, va="top", color="#7f1d1d")
    ax.set_ylim(0, top * 1.25 if top else 1)
    ax.set_xticks(xs, data["labels"], fontsize=6)
    ax.set_xlim(-0.5, max(len(values) - 0.5, 0.5))
    ax.tick_params(axis="y", labelsize=6)
    ax.set_ylabel(data["unit"], fontsize=6.5)
    ax.set_title("\n".join(textwrap.wrap(data["title"], 24)), fontsize=7.5)
    ax.grid(axis="y", color="#d1d5db", linewidth=0.4)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


MIME = {"png": "image/png", "svg": "image/svg+xml"}


def render(content, *, vector: bool = False) -> dict[str, tuple[str, bytes]]:
    """Every figure of the bulletin as ``(mime type, bytes)``, keyed as the document's ``Figure.chart``.

    ``vector``: the trend charts as SVG (crisp in the PDF). Maps are always PNG: as SVG, their thousands of
    hatched boundary points took WeasyPrint three times as long as the whole rest of the document."""
    images = {}
    if content.trends:
        fmt = "svg" if vector else "png"
        images["trends"] = (MIME[fmt], trends(content.trends, fmt))
    for subject, county_map_ in content.maps.items():
        images[f"map-{subject}"] = (MIME["png"], county_map(county_map_, "png"))
    return images

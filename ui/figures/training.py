"""The training lab's charts: decision boundaries played back in the browser, and the curves.

The boundary figure holds every snapshot as a registered Plotly frame, with a slider to scrub
and a Play button: playback runs in the browser with no server round trip. Probabilities are
sent as whole percents (finer than any colour step a screen shows), on a 32 × 32 grid at 25
snapshots, and the points to 3 decimals: about 0.3 MB of JSON for three activations.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from activations.training import Dataset, Run
from ui import theme
from ui.figures.common import axis, exact, gaps

# Class 0 is the low end of the boundary's colour scale, class 1 the high end.
CLASS_COLOURS = (theme.LOW.hex, theme.HIGH.hex)


def _z(boundary: np.ndarray) -> list:
    """P(class 1) in whole percents."""
    return np.rint(100.0 * boundary).astype(int).tolist()


def _panel_title(name: str, run: Run) -> str:
    """The activation and its test accuracy after the last finite step."""
    accuracy = run.test_accuracy[np.isfinite(run.test_accuracy)]
    return f"{name}: {accuracy[-1]:.0%} test" if len(accuracy) else name


def boundary_figure(
    names: Sequence[str], runs: Sequence[Run], data: Dataset, style: theme.Style = theme.NORMAL
) -> dict:
    """One panel per activation: P(class 1) over the plane and the training points, with every
    snapshot as a frame (all panels step together)."""
    count = len(names)
    gap = 0.04
    width = (1.0 - gap * (count - 1)) / count
    layout = theme.base_layout(style, height=int(style.height * 0.75))
    data_traces: list[dict] = []
    grid = exact(runs[0].grid)
    for i, (name, run) in enumerate(zip(names, runs, strict=True)):
        suffix = "" if i == 0 else str(i + 1)
        layout[f"xaxis{suffix}"] = {
            "domain": [i * (width + gap), i * (width + gap) + width],
            "range": [grid[0], grid[-1]],
            "showticklabels": False,
            "showgrid": False,
            "zeroline": False,
            "constrain": "domain",
            "title": theme.title(_panel_title(name, run), style),
            "anchor": f"y{suffix}",
        }
        layout[f"yaxis{suffix}"] = {
            "range": [grid[0], grid[-1]],
            "showticklabels": False,
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
                "z": _z(run.snapshots[0].boundary),
                "zmin": 0,
                "zmax": 100,
                "colorscale": theme.diverging(),
                "opacity": 0.75,
                "showscale": i == count - 1,
                "colorbar": {"title": {"text": "P(class 1), %"}, "tickfont": {"size": style.font}},
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
                        "line": {"color": "#FFFFFF", "width": 1},
                    },
                    "xaxis": f"x{suffix}",
                    "yaxis": f"y{suffix}",
                    "hoverinfo": "skip",
                }
            )
    heatmaps = [i * 3 for i in range(count)]
    steps = [snapshot.step for snapshot in runs[0].snapshots]
    frames = [
        {
            "name": str(step),
            "traces": heatmaps,
            "data": [{"z": _z(run.snapshots[k].boundary)} for run in runs],
        }
        for k, step in enumerate(steps)
        if all(len(run.snapshots) > k for run in runs)
    ]
    still = {"frame": {"duration": 0, "redraw": True}, "mode": "immediate",
             "transition": {"duration": 0}}  # fmt: skip
    play = {"frame": {"duration": 120, "redraw": True}, "fromcurrent": True,
            "transition": {"duration": 0}}  # fmt: skip
    layout["sliders"] = [
        {
            "active": 0,
            "currentvalue": {"prefix": "step ", "font": {"size": style.font}},
            "pad": {"t": 30},
            "steps": [
                {"label": frame["name"], "method": "animate", "args": [[frame["name"]], still]}
                for frame in frames
            ],
            "font": {"size": max(10, style.font - 4)},
        }
    ]
    layout["updatemenus"] = [
        {
            "type": "buttons",
            "direction": "left",
            "x": 0.0,
            "y": 0.0,
            "xanchor": "right",
            "yanchor": "top",
            "pad": {"t": 40, "r": 10},
            "showactive": False,
            "font": {"size": style.font},
            "buttons": [
                {"label": "▶ Play", "method": "animate", "args": [None, play]},
                {"label": "❚❚", "method": "animate", "args": [[None], still]},
            ],
        }
    ]
    layout["margin"] = {**layout["margin"], "l": 90, "b": 120}
    layout["hovermode"] = "closest"
    return theme.finish({"data": data_traces, "layout": layout, "frames": frames}, style)


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
    for i, (name, pair) in enumerate(zip(names, series, strict=True)):
        colour = theme.SERIES[i % len(theme.SERIES)]
        for (label, dash), values in zip(
            ((labels[0], None), (labels[1], "dash")), pair, strict=True
        ):
            if values is None or not np.isfinite(values).any():
                continue
            steps = np.arange(len(values)) if x is None else x
            data.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "name": f"{name}: {label}",
                    "legendgroup": name,
                    "x": exact(steps),
                    "y": gaps(values),
                    "line": {
                        "color": colour,
                        "width": style.line,
                        **({"dash": dash} if dash else {}),
                    },
                }
            )
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
    steps: np.ndarray,
    per_layer: Sequence[np.ndarray],
    y_title: str,
    style: theme.Style = theme.NORMAL,
    *,
    log: bool = False,
    layer_names: Sequence[str] | None = None,
) -> dict:
    """A value per layer over the snapshots: one colour per activation, one dash per layer."""
    dashes = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
    data = []
    for i, (name, values) in enumerate(zip(names, per_layer, strict=True)):
        colour = theme.SERIES[i % len(theme.SERIES)]
        for layer in range(values.shape[1] if values.ndim == 2 else 0):
            label = layer_names[layer] if layer_names else f"layer {layer + 1}"
            data.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "name": f"{name}: {label}",
                    "legendgroup": name,
                    "x": exact(steps),
                    "y": gaps(values[:, layer]),
                    "line": {
                        "color": colour,
                        "width": style.line * 0.8,
                        "dash": dashes[layer % len(dashes)],
                    },
                }
            )
    layout = theme.base_layout(style, height=int(style.height * 0.7))
    axis(layout, "xaxis", "step", style)
    extra = {"type": "log", "exponentformat": "power"} if log else {}
    axis(layout, "yaxis", y_title, style, **extra)
    layout["hovermode"] = "x"
    return theme.finish({"data": data, "layout": layout}, style)

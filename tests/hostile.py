"""Hand-edited and hostile query strings, shared by the AppTest and browser suites."""

from __future__ import annotations

import activations
from activations.formula import VARIABLES
from ui.pages import PAGES as ALL_PAGES

PAGES = tuple(page.name for page in ALL_PAGES)
SCRIPT = "<script>window.__pwned = 1</script>"
IMAGE = "<img src=x onerror=window.__pwned=1>"

# Each case: a name and the query parameters a page receives. tests/test_urlstate.py runs every
# case through the URL-state layer; a page runs only the cases that set a name it reads (each page
# ignores, with a note, what it does not know, and that note is the layer's, the same everywhere).
HOSTILE: dict[str, dict[str, str | list[str]]] = {
    "non-numeric": {"alpha": "abc", "depth": "deep", "temp": "hot", "logits": ["a", "b"]},
    "nan": {"alpha": "nan", "range": ["nan", "1"], "sw2": "NaN", "temp": "nan"},
    "infinities": {"alpha": "inf", "range": ["-inf", "inf"], "depth": "-inf", "seed": "inf"},
    "overflow": {"alpha": "1e400", "x0": "-1e400", "width": "1e400", "logits": ["1e400", "1"]},
    "subnormal": {"alpha": "5e-324", "sb2": "1e-310", "temp": "4.9e-324"},
    "reversed range": {"range": ["5", "-5"]},
    "empty range": {"range": ["2", "2"]},
    "unknown function": {"fn": "relu2", "fns": ["nope", "zzz"], "between": "nothing"},
    "duplicated keys": {"fn": ["relu", "tanh"], "alpha": ["0.1", "0.2"], "depth": ["3", "4"]},
    "4000 characters": {"fn": "x" * 4000, "alpha": "9" * 4000, "fns": ["y" * 4000]},
    "html": {"fn": SCRIPT, "fns": [IMAGE], "init": SCRIPT, "alpha": IMAGE},
    "markdown": {"fn": "[click](javascript:alert(1))", "between": "**bold**"},
    "hundreds of parameters": {f"p{i}": str(i) for i in range(300)},
    "too deep and too wide": {
        "depth": "100000",
        "width": "99999",
        "logits": [str(i) for i in range(50)],
    },
    "bad flags": {"present": "maybe", "deriv": "2", "insert": "yes please"},
    "temperature at zero": {"temp": "0"},
    # A typed formula (fn=custom, fns=custom, f=...): refused before anything is evaluated.
    "formula code": {"fn": "custom", "fns": ["custom"], "f": "__import__('os').system('id')"},
    "formula html": {"fn": "custom", "fns": ["custom"], "f": IMAGE},
    "formula markdown": {"fn": "custom", "fns": ["custom"], "f": "[click](javascript:alert(1))"},
    "formula too big": {"fn": "custom", "fns": ["custom"], "f": "9**9**9"},
    "formula too long": {"fn": "custom", "fns": ["custom"], "f": "x+" * 5000},
    "formula freeze": {"fn": "custom", "fns": ["custom"], "f": "((((3*x)^100)^100)^100)^100"},
}


# The URL names each page reads, in any state (a typed formula's box and its parameters appear
# only when it is picked). Registry parameters come from the registry, so a new one is here the
# moment it is registered. A hand list can drift: every AppTest run of tests/test_hostile_urls.py
# records the names the page really reads and fails on one this table lacks.
_PARAMS = sorted({p.name for spec in activations.REGISTRY.values() for p in spec.params})
_TYPED = [f"custom.{name}" for name in VARIABLES if name != "x"]
_OWN = [f"{key}.{p.name}" for key, spec in activations.REGISTRY.items() for p in spec.params]
READS: dict[str, frozenset[str]] = {
    # chrome.start's presentation switch, theme control and stage view are on every page
    page: frozenset({"present", "theme", "stage", *names})
    for page, names in {
        "overview": ["seed", "between", "insert"],
        "explorer": ["fn", "f", "range", "deriv", "band", "thr", "x0", *_PARAMS, *VARIABLES[1:]],
        "compare": ["fns", "f", "range", *_OWN, *_TYPED],
        "gradients": ["fns", "f", "depth", "width", "init", "sw2", "sb2", "seed", *_TYPED],
        "softmax": ["logits", "temp"],
        "training": [
            *["fns", "f", "data", "n", "noise", "depth", "width", "init", "sw2", "opt", "lr"],
            *["steps", "batch", "l2", "seed", *_TYPED],
        ],
    }.items()
}


def cases_for(page: str) -> list[str]:
    """The hostile cases that set a name ``page`` reads; the others only test "unknown name →
    note", which the URL-state layer does the same way on every page."""
    return [case for case, query in HOSTILE.items() if READS[page] & set(query)]

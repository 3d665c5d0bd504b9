"""The chrome on a real page, through the router (AppTest): the theme field and its stickiness,
the stage view's field, the presentation bar, and the share link with the theme in it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from tests.apptest import charts, open_page, warnings_text


def keys(at) -> set[str]:
    return {button.key for button in at.button}


def test_a_theme_link_is_kept_in_the_link_and_the_control() -> None:
    at = open_page("compare", {"fns": "relu", "theme": "dark"})
    assert at.session_state["ae-theme"] == "dark"
    assert at.query_params["theme"] == "dark"
    assert not at.warning
    shared = parse_qs(urlsplit(at.code[-1].value).query)  # the sidebar's "Share this view"
    assert shared == {"fns": ["relu"], "theme": ["dark"]}


def test_the_system_theme_is_left_out_of_the_link() -> None:
    at = open_page("softmax", {"theme": "system"})
    assert "theme" not in at.query_params
    assert at.session_state["ae-theme"] == "system"


def test_a_hostile_theme_or_stage_is_noted_and_falls_back() -> None:
    at = open_page("softmax", {"theme": "<b>purple</b>", "stage": "maybe"})
    notes = warnings_text(at)
    assert "`theme=bpurpleb` is not one of the choices" in notes
    assert "`stage=maybe` should be 1 or 0" in notes
    assert "<" not in notes
    assert "theme" not in at.query_params and "stage" not in at.query_params
    assert "ae-leave-stage" not in keys(at)


def test_moving_to_another_page_keeps_the_theme() -> None:
    """Streamlit's navigation opens the next page without the link's settings: the theme, the
    reader's setting, stays; the view's settings (present) do not."""
    at = open_page("explorer", {"fn": "elu", "theme": "light", "present": "1"})
    at.switch_page("app_pages/gradients.py")
    at.query_params.clear()
    at.run()
    assert not at.exception
    assert at.session_state["ae-theme"] == "light"
    assert dict(at.query_params) == {"theme": "light"}


def test_the_charts_are_recoloured_for_the_chosen_theme() -> None:
    light = charts(open_page("compare", {"fns": "relu", "theme": "light"}))[0]
    dark = charts(open_page("compare", {"fns": "relu", "theme": "dark"}))[0]
    colour = [t["line"]["color"] for t in light["data"] if t.get("name") == "ReLU"]
    assert colour, [t.get("name") for t in light["data"]]
    assert colour != [t["line"]["color"] for t in dark["data"] if t.get("name") == "ReLU"]


def test_the_stage_view_draws_the_chart_for_a_projector_with_one_way_out() -> None:
    at = open_page("compare", {"fns": "relu", "stage": "1"})
    assert at.query_params["stage"] == "1"
    assert "ae-leave-stage" in keys(at)
    # no way in, and no presentation bar: only the way out of the stage
    assert not keys(at) & {"ae-enter-stage", "ae-enter-stage-sidebar", "ae-leave-presentation"}
    at.button(key="ae-leave-stage").click().run()
    assert "stage" not in at.query_params
    assert {"ae-enter-stage-sidebar"} <= keys(at) and "ae-leave-stage" not in keys(at)


def test_the_sidebar_and_the_presentation_bar_lead_to_the_stage() -> None:
    at = open_page("softmax", {"present": "1"})
    assert {"ae-enter-stage", "ae-enter-stage-sidebar", "ae-leave-presentation"} <= keys(at)
    at.button(key="ae-enter-stage").click().run()
    assert at.query_params["stage"] == "1" and at.query_params["present"] == "1"


def test_presentation_mode_offers_the_current_link_under_its_qr_code() -> None:
    at = open_page("softmax", {"present": "1", "temp": "2"})
    shown = [code.value for code in at.code]
    assert "/softmax?present=1&temp=2" in shown

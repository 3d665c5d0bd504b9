"""Overview and Compare in a real browser."""

from __future__ import annotations

from tests.e2e.checks import assert_no_exception, goto, query, screenshots
from tests.e2e.harness import plot_data, wait_until_idle


def test_compare_link_draws_those_functions(page) -> None:
    goto(page, "/compare?fns=sigmoid&fns=tanh&fns=swish&swish.beta=2")
    assert_no_exception(page)
    assert [t["name"] for t in plot_data(page, 0)] == ["Sigmoid", "Tanh", "Swish / SiLU"]
    assert [t["name"] for t in plot_data(page, 1)] == ["Sigmoid", "Tanh", "Swish / SiLU"]


def test_gallery_card_opens_the_explorer_on_that_function(page) -> None:
    goto(page, "/")
    assert_no_exception(page)
    assert page.locator("a.ae-card").count() == 24
    page.locator('a.ae-card[data-fn="gelu"]').click()
    page.wait_for_url("**/explorer?fn=gelu*")
    wait_until_idle(page)
    assert query(page)["fn"] == ["gelu"]
    picker = page.get_by_role("combobox", name="Activation function")
    assert picker.input_value().startswith("GELU")
    assert_no_exception(page)


def test_screenshots(page, screenshot_dir) -> None:
    screenshots(page, "/", screenshot_dir, "overview")
    screenshots(page, "/compare?fns=relu&fns=elu&fns=gelu&fns=swish", screenshot_dir, "compare")

"""Overview and Compare in a real browser."""

from __future__ import annotations

import activations
from devtools.harness import plot_data, wait_until_idle
from tests.e2e.checks import assert_no_exception, goto, query, screenshots
from ui.cards import property_rows


def test_compare_link_draws_those_functions(page) -> None:
    goto(page, "/compare?fns=sigmoid&fns=tanh&fns=swish&swish.beta=2")
    assert_no_exception(page)
    assert [t["name"] for t in plot_data(page, 0)] == ["Sigmoid", "Tanh", "Swish / SiLU"]
    assert [t["name"] for t in plot_data(page, 1)] == [
        "Sigmoid",
        "Tanh",
        "Swish / SiLU",
        "vanishing: |f′| < 0.05",  # the band's legend entry
    ]


def test_compare_properties_fit_a_laptop_without_clipping(page) -> None:
    """Eight functions side by side, in two tables: every cell is inside the page and no table
    needs a horizontal scroll bar."""
    keys = ["sigmoid", "tanh", "relu", "gelu", "swish", "mish", "elu", "hardswish"]
    goto(page, "/compare?" + "&".join(f"fns={key}" for key in keys))
    page.locator("table").filter(has_text="Derivative range").last.scroll_into_view_if_needed()
    fits = page.evaluate(
        """() => {
          const tables = [...document.querySelectorAll('table')]
            .filter(t => t.innerText.includes('Derivative range'));
          const main = document.querySelector('[data-testid="stMain"]').getBoundingClientRect();
          return tables.map(table => {
            const cells = [...table.querySelectorAll('th, td')].map(c => c.getBoundingClientRect());
            return [cells.length, cells.every(r => r.right <= main.right + 0.5),
                    table.scrollWidth <= table.parentElement.clientWidth + 0.5];
          });
        }"""
    )
    rows = 1 + len(property_rows(activations.properties("relu")))
    assert fits == [[5 * rows, True, True], [5 * rows, True, True]]


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

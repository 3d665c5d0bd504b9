"""The app's pages, in one list: the router, the share link and the tests all read it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    """One page: its name (``UrlState``'s page, and the file ``app_pages/<name>.py``), its title
    and icon in the navigation, and its URL path."""

    name: str
    title: str
    icon: str
    default: bool = False

    @property
    def script(self) -> str:
        return f"app_pages/{self.name}.py"

    @property
    def path(self) -> str:
        """The page's URL path: the default page is the site's root."""
        return "/" if self.default else f"/{self.name}"


PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview", "Overview", ":material/grid_view:", default=True),
    PageSpec("explorer", "Explorer", ":material/show_chart:"),
    PageSpec("compare", "Compare", ":material/stacked_line_chart:"),
    PageSpec("gradients", "Gradient flow", ":material/layers:"),
    PageSpec("softmax", "Softmax", ":material/bar_chart:"),
    PageSpec("training", "Training lab", ":material/model_training:"),
)
BY_NAME = {page.name: page for page in PAGES}

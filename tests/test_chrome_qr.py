"""The share link's QR code: what an independent decoder (OpenCV's) reads back from the PNG, and a
code a phone can read on either theme (black modules on a white quiet zone of four modules)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from ui.chrome import qr_png

EIGHT = "&".join(
    f"fns={key}" for key in ("relu", "tanh", "sigmoid", "gelu", "elu", "selu", "swish", "mish")
)
LINKS = [
    "http://127.0.0.1:8501/",
    "https://activations.example.org/explorer?present=1&fn=elu&alpha=0.55",
    f"https://activations.example.org/compare?present=1&theme=dark&{EIGHT}&range=-8&range=8",
    "https://activations.example.org/explorer?fn=custom&f=x%2Asigmoid%28beta%2Ax%29&beta=1.5",
]


def pixels(png: bytes) -> np.ndarray:
    image = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_GRAYSCALE)
    assert image is not None, "not a PNG OpenCV can read"
    return image


@pytest.mark.parametrize("link", LINKS)
def test_the_decoder_reads_back_the_link(link: str) -> None:
    text, corners, _ = cv2.QRCodeDetector().detectAndDecode(pixels(qr_png(link)))
    assert corners is not None
    assert text == link


@pytest.mark.parametrize("link", LINKS)
def test_black_modules_on_a_white_quiet_zone(link: str) -> None:
    """Only black and white; a white margin of at least four modules on every side, a module's
    size read from the pixels: the top-left finder pattern's top edge is seven modules long."""
    image = pixels(qr_png(link))
    assert set(np.unique(image)) == {0, 255}
    dark = image == 0
    rows, columns = np.flatnonzero(dark.any(axis=1)), np.flatnonzero(dark.any(axis=0))
    top_edge = dark[rows[0], columns[0] :]
    module = np.flatnonzero(~top_edge)[0] / 7
    margins = [rows[0], columns[0], image.shape[0] - 1 - rows[-1], image.shape[1] - 1 - columns[-1]]
    assert min(margins) >= 4 * module, (margins, module)

"""Fixtures for the Instagram seam: small real JPEG cards (the fake and sandbox fixtures live in
the root conftest)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image


@pytest.fixture
def jpegs(tmp_path: Path) -> list[Path]:
    """Three small 4:5 JPEG cards, each a different colour."""
    paths = []
    for i, colour in enumerate([(200, 80, 60), (60, 160, 90), (40, 70, 180)]):
        path = tmp_path / f"card-{i + 1}.jpg"
        Image.new("RGB", (540, 675), colour).save(path, "JPEG", quality=80)
        paths.append(path)
    return paths

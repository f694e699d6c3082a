"""Fixture folders of documents beside their `<slug>.expected.json`, as pytest params."""
from pathlib import Path

import pytest


def documents(folder: Path) -> list:
    """(document, expected json) pairs of a folder, one pytest param each, named by slug."""
    params = []
    for expected in sorted(folder.glob("*.expected.json")):
        slug = expected.name.removesuffix(".expected.json")
        document = next(p for p in folder.glob(f"{slug}.*") if p != expected)
        params.append(pytest.param(document, expected, id=slug))
    return params

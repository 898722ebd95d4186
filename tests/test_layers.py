"""Every app of the project sits in the import-linter layers contract (pyproject.toml)."""

import tomllib
from pathlib import Path

from django.apps import apps
from django.conf import settings

CONFIG = tomllib.loads((settings.BASE_DIR / "pyproject.toml").read_text())["tool"]["importlinter"]


def project_packages() -> set[str]:
    """The project's own apps (folders at the top of this checkout, not installed packages,
    which may live in a virtualenv inside it), and factcheck."""
    return {
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).parent == settings.BASE_DIR
    } | {"factcheck"}


def layered() -> set[str]:
    (contract,) = (c for c in CONFIG["contracts"] if c["id"] == "layers")
    names = set()
    for layer in contract["layers"]:
        for name in layer.replace("|", ":").split(":"):
            names.add(name.strip().strip("()"))
    return names


def test_every_app_is_a_root_package_of_the_contract():
    assert project_packages() <= set(CONFIG["root_packages"])


def test_every_app_has_its_layer():
    assert project_packages() <= layered()

"""Loading of cue-word data (``ontology/cues.toml``)."""

from __future__ import annotations

import os
import re
import tomllib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any


def ontology_dir() -> Path:
    """Folder holding the reference data: ``$POLICYGRAPH_ONTOLOGY``, the source tree's
    ``ontology/``, or the copy installed inside the package."""
    env = os.environ.get("POLICYGRAPH_ONTOLOGY")
    if env:
        return Path(env)
    tree = Path(__file__).resolve().parents[2] / "ontology"
    if tree.is_dir():
        return tree
    return Path(str(resources.files("policygraph") / "_ontology"))


@cache
def load_toml(name: str) -> dict[str, Any]:
    """Parse ``ontology/<name>`` once."""
    with (ontology_dir() / name).open("rb") as fh:
        return tomllib.load(fh)


def cues() -> dict[str, Any]:
    """The parsed ``cues.toml``."""
    return load_toml("cues.toml")


def alternation(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of ``words``, longest first, escaped.

    >>> alternation(["落实", "贯彻落实"])
    '(?:贯彻落实|落实)'
    """
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w) for w in ordered) + ")"

"""Interactive HTML explorer of policy lineage (``policygraph render``).

:mod:`~policygraph.render.views` selects what a page shows from a store by SPARQL (a lineage
view around one document, the measures a body leads, or the whole graph with a cap);
:mod:`~policygraph.render.html` writes it as one self-contained page that loads nothing from
the network.

Usage, with ``store`` a :class:`~policygraph.store.GraphStore`::

    from policygraph.render import render_html, select_view
    page = render_html(select_view(store, focus="深府〔2013〕119号"))
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from policygraph.render.html import external_references, json_for_script, render_html
from policygraph.render.views import (
    DEFAULT_MAX_NODES,
    RELATIONS,
    View,
    ViewError,
    add_context,
    body_view,
    lineage_view,
    select_view,
    whole_view,
)

__all__ = [
    "DEFAULT_MAX_NODES",
    "RELATIONS",
    "View",
    "ViewError",
    "add_context",
    "body_view",
    "external_references",
    "json_for_script",
    "lineage_view",
    "render_html",
    "render_store",
    "select_view",
    "source_texts",
    "whole_view",
]


def render_store(store_dir: str | Path, output: str | Path, **options: object) -> View:
    """Select a view from the store folder ``store_dir`` (options as :func:`select_view`) and
    write its page to ``output`` atomically; returns the view."""
    from policygraph.build import StoreFolder
    from policygraph.output import write_atomic

    gs = StoreFolder(store_dir).store(read_only=True)
    view = add_context(select_view(gs, **options), source_texts(store_dir))  # type: ignore[arg-type]
    write_atomic(output, render_html(view))
    return view


def source_texts(store_dir: str | Path) -> Callable[[str], str | None]:
    """Source text IRI → the decoded text a build kept in the store folder ``store_dir`` (None
    when it is not there): the context :func:`add_context` shows around evidence quotes."""
    from policygraph.build import StoreFolder
    from policygraph.vocab import ID

    records = StoreFolder(store_dir).records

    def text_of(source: str) -> str | None:
        content_id = source.removeprefix(ID + "text/")
        if not re.fullmatch(r"[0-9a-f]{16}", content_id):
            return None
        try:
            return (records / f"{content_id}.txt").read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    return text_of

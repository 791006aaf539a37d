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

from pathlib import Path

from policygraph.render.html import external_references, json_for_script, render_html
from policygraph.render.views import (
    DEFAULT_MAX_NODES,
    RELATIONS,
    View,
    ViewError,
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
    "body_view",
    "external_references",
    "json_for_script",
    "lineage_view",
    "render_html",
    "render_store",
    "select_view",
    "whole_view",
]


def render_store(store_dir: str | Path, output: str | Path, **options: object) -> View:
    """Select a view from the store folder ``store_dir`` (options as :func:`select_view`) and
    write its page to ``output`` atomically; returns the view."""
    from policygraph.build import StoreFolder
    from policygraph.output import write_atomic

    gs = StoreFolder(store_dir).store(read_only=True)
    view = select_view(gs, **options)  # type: ignore[arg-type]
    write_atomic(output, render_html(view))
    return view

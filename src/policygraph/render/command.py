"""The ``policygraph render`` command (registered in :mod:`policygraph.cli`)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from policygraph.render.views import DEFAULT_MAX_NODES, RELATIONS


@click.command("render")
@click.option("--store", "store_dir", required=True,
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Store folder made by `policygraph build`.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="HTML file to write (atomically).")
@click.option("--focus", metavar="DOC", default=None,
              help="Lineage view of this document: a 文号 (any brackets), a title or an IRI.")
@click.option("--up", type=click.IntRange(min=0), default=2, show_default=True,
              help="Lineage: ancestor steps (what it implements, is based on, cites).")
@click.option("--down", type=click.IntRange(min=0), default=2, show_default=True,
              help="Lineage: descendant steps (what implements or cites it).")
@click.option("--body", metavar="ORG", default=None,
              help="The measures this body leads and their documents (a name, an alias or an IRI).")
@click.option("--relations", metavar="LIST", default=None,
              help="Comma-separated relations to show, of: " + ", ".join(RELATIONS) +
                   ". Default: all but supporting and issued_by.")
@click.option("--since", metavar="YEAR", type=int, default=None, help="Leave out documents before YEAR.")
@click.option("--until", metavar="YEAR", type=int, default=None, help="Leave out documents after YEAR.")
@click.option("--max-nodes", metavar="K", type=click.IntRange(min=1), default=DEFAULT_MAX_NODES,
              show_default=True, help="Show at most K nodes; the page says what was left out.")
def render_command(store_dir: Path, output: Path, focus: str | None, up: int, down: int, body: str | None,
                   relations: str | None, since: int | None, until: int | None, max_nodes: int) -> None:
    """Write an interactive HTML view of the graph: one self-contained file that works offline.

    With --focus, the lineage of a document: its ancestors up N steps, its descendants down M
    steps, its measures and their lead units. With --body, the measures a body leads and their
    documents. Otherwise the whole graph, capped at --max-nodes. Documents outside
    --since/--until are left out (undated ones are kept).

    The page has a search box (title, 文号 or body name), filters by node kind, relation, level
    and year, and a side panel with each node's metadata and each edge's evidence quote.

    \b
    Examples:
      policygraph render --store out/store -o out/overview.html
      policygraph render --store out/store --focus 深府〔2013〕119号 -o out/lineage.html
      policygraph render --store out/store --focus "国发[2013]32号" --up 0 --down 3 -o out/d.html
      policygraph render --store out/store --body 成都市商务局 -o out/body.html
    """
    from policygraph.build import StoreFolder
    from policygraph.output import write_atomic
    from policygraph.render import source_texts
    from policygraph.render.html import render_html
    from policygraph.render.views import ViewError, add_context, select_view

    try:
        gs = StoreFolder(store_dir).store(read_only=True)
        view = select_view(gs, focus=focus, body=body, up=up, down=down, relations=relations,
                           since=since, until=until, max_nodes=max_nodes)
    except ViewError as exc:
        raise click.UsageError(str(exc)) from exc
    add_context(view, source_texts(store_dir))
    page = render_html(view)
    write_atomic(output, page)
    if view.message:
        click.echo(f"note: {view.message}", err=True)
    click.echo(f"wrote {output}: {len(view.nodes)} nodes, {len(view.edges)} edges, "
               f"{len(page.encode('utf-8')) / 1e6:.2f} MB", err=True)
    sys.stdout.flush()

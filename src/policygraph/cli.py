"""The ``policygraph`` command: one verb per job, the same ``--format`` everywhere."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from policygraph import __version__
from policygraph.lineage import NETWORK_FORMATS, lineage_command

if TYPE_CHECKING:
    from policygraph.build import BuildSummary


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policygraph")
def main() -> None:
    """Turn Chinese policy documents into a knowledge graph of policy lineage.

    \b
    Examples:
      policygraph extract corpus --format table
      policygraph extract 深府〔2013〕119号.txt --format json
      policygraph evaluate tests/data/seeds.json corpus
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "table"]), default="jsonl",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Write to this file (atomically) instead of standard output.")
@click.option("--keywords/--no-keywords", default=False, show_default=True,
              help="Add jieba TF-IDF keywords per document and measure (slower).")
@click.option("--no-manifest", is_flag=True, help="Ignore manifest.csv hints.")
def extract(paths: tuple[Path, ...], fmt: str, output: Path | None, keywords: bool,
            no_manifest: bool) -> None:
    """Extract one record per document from files or folders.

    Records carry the title, 发文字号, issuers, dates, addressees, references (typed by cue
    words), measures with their responsible bodies, and targets, each with its character span.
    A file that cannot be read is reported on standard error with its cause; the others go on,
    and the exit status is 1.

    \b
    Examples:
      policygraph extract corpus                      # JSON Lines on stdout
      policygraph extract corpus --format table
      policygraph extract a.txt b.html -o out/records.jsonl
    """
    from policygraph.corpus import ReadError, read_corpus
    from policygraph.extractors.pipeline import extract_document
    from policygraph.output import format_table, write_atomic

    records = []
    failed = 0
    for item in read_corpus(paths):
        if isinstance(item, ReadError):
            click.echo(f"error: {item}", err=True)
            failed += 1
            continue
        if no_manifest and item.hints:
            from dataclasses import replace

            item = replace(item, hints={})
        try:
            records.append(extract_document(item, keywords=keywords))
        except Exception as exc:  # one bad document never stops the rest
            click.echo(f"error: {item.source}: extraction failed: {type(exc).__name__}: {exc}", err=True)
            failed += 1

    if fmt == "jsonl":
        text = "".join(json.dumps(r.to_dict(), ensure_ascii=False, sort_keys=True) + "\n" for r in records)
    elif fmt == "json":
        text = json.dumps([r.to_dict() for r in records], ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    else:
        rows = []
        for r in records:
            items = [m for m in r.measures if m.kind == "item"]
            edges = sum(len(m.responsible) + len(m.supporting) for m in items)
            rows.append([Path(r.source).name, r.doc_number or "", r.title or "", "、".join(r.issuers),
                         r.date_signed or "", r.level or "", len(r.references), len(items), edges,
                         sum(1 for t in r.targets if t.kind == "target")])
        text = format_table(["source", "文号", "title", "issuers", "signed", "level", "refs",
                             "measures", "resp", "targets"], rows, max_width=36) + "\n"
    if output is not None:
        write_atomic(output, text)
        click.echo(f"wrote {len(records)} records to {output}", err=True)
    else:
        sys.stdout.write(text)
    if failed:
        click.echo(f"{failed} file(s) failed", err=True)
        sys.exit(1)


@main.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Output format.")
@click.option("--misses/--no-misses", default=True, show_default=True,
              help="List what was missed or spurious, per document.")
@click.option("--use-manifest", is_flag=True,
              help="Let manifest.csv hints fill fields the text lacks (gold reflects the text only).")
def evaluate(gold: Path, paths: tuple[Path, ...], fmt: str, misses: bool, use_manifest: bool) -> None:
    """Extract the documents named in GOLD and score them: precision, recall and F1 per field.

    PATHS are files or folders holding the documents (matched on file base name); by default
    the folder of GOLD and ./corpus are searched.

    \b
    Examples:
      policygraph evaluate tests/data/seeds.json corpus
      policygraph evaluate tests/data/extra.json corpus --format json --no-misses
    """
    from dataclasses import replace

    from policygraph.corpus import ReadError, read_corpus
    from policygraph.evaluate import format_report, load_gold, report_to_dict, score
    from policygraph.extractors.pipeline import extract_document

    entries = load_gold(gold)
    wanted = {Path(e["source"]).name for e in entries}
    search = list(paths) or [p for p in (gold.parent, Path("corpus")) if p.exists()]
    records = {}
    for item in read_corpus(search):
        if isinstance(item, ReadError):
            if Path(item.path).name in wanted:
                click.echo(f"error: {item}", err=True)
            continue
        name = Path(item.source).name
        if name not in wanted or name in records:
            continue
        if not use_manifest:
            item = replace(item, hints={})
        try:
            records[name] = extract_document(item)
        except Exception as exc:  # one bad document never stops the rest
            click.echo(f"error: {item.source}: extraction failed: {type(exc).__name__}: {exc}",
                       err=True)
    missing = sorted(wanted - set(records))
    for name in missing:
        click.echo(f"warning: {name}: not found under {', '.join(map(str, search))}", err=True)
    report = score(records.values(), entries)
    if fmt == "json":
        click.echo(json.dumps(report_to_dict(report), ensure_ascii=False, indent=2, sort_keys=True))
    else:
        click.echo(format_report(report, misses=misses))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--store", "store_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Store folder (created if missing).")
@click.option("--prune", is_flag=True, help="Drop documents of files no longer given.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes for extraction (the result does not depend on it).")
@click.option("--endpoint", default=None, metavar="URL",
              help="Then push the named graphs that changed to this SPARQL 1.1 server (query URL; update/GSP "
                   "URLs and credentials from POLICYGRAPH_UPDATE_ENDPOINT, POLICYGRAPH_GSP_ENDPOINT, "
                   "POLICYGRAPH_ENDPOINT_USER, POLICYGRAPH_ENDPOINT_PASSWORD).")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where extraction and graph making run: local worker processes (--jobs), or a Dask "
                   "cluster (the optional extra policygraph[dask]).")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Dask scheduler address (tcp://host:8786); without it --executor dask starts a local "
                   "cluster of --jobs processes.")
@click.option("--nquads", "nquads_dir", default=None, type=click.Path(file_okay=False, path_type=Path),
              help="Also write every graph this build writes as N-Quads files (part-00000.nq …) in this "
                   "folder, for a SPARQL server's bulk loader.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Format of the summary.")
def build(paths: tuple[Path, ...], store_dir: Path, prune: bool, jobs: int, endpoint: str | None,
          executor: str, scheduler: str | None, nquads_dir: Path | None, fmt: str) -> None:
    """Extract, resolve and load documents into a store (incremental).

    Unchanged files (same content hash) are skipped, changed ones replace their own named graph,
    and with --prune files no longer given are dropped. Prints a one-line summary; unreadable
    files are reported with their cause and make the exit status 1.

    \b
    Examples:
      policygraph build corpus --store out/store
      policygraph build corpus new-docs/ --store out/store --prune
      policygraph build big-corpus --store out/store --jobs 2
      policygraph build big-corpus --store out/store --executor dask --scheduler tcp://10.0.0.5:8786 \\
          --nquads out/nq
      policygraph build corpus --store out/store --endpoint http://127.0.0.1:7878/query
    """
    tty = sys.stderr.isatty()
    count = 0

    def progress(key: str) -> None:  # a one-line progress display on a terminal only
        nonlocal count
        count += 1
        click.echo(f"\rextracted {count:6}  {key[-60:]:60}", err=True, nl=False)

    pushed: list[str] = []
    dropped: list[str] = []
    options: dict[str, Any] = {"jobs": jobs, "nquads_dir": nquads_dir}
    close = None
    if executor == "dask" or scheduler:
        from policygraph.distributed import DaskUnavailable, connect, dask_mapper

        try:
            client, close = connect(scheduler, workers=jobs)
        except DaskUnavailable as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
        options["mapper"] = dask_mapper(client)
    try:
        summary, pushed, dropped = _run_build(paths, store_dir, prune, endpoint,
                                              progress if tty else None, options)
    finally:
        if close is not None:
            close()
    if tty and count:
        click.echo("", err=True)
    for err in summary.errors:
        click.echo(f"error: {err}", err=True)
    if fmt == "json":
        from dataclasses import asdict

        data = asdict(summary)
        if endpoint:
            data.update(endpoint=endpoint, pushed=pushed, dropped=dropped)
        click.echo(json.dumps(data, ensure_ascii=False, sort_keys=True))
    else:
        click.echo(summary.line())
        if endpoint:
            click.echo(f"pushed {len(pushed)} graphs to {endpoint}, dropped {len(dropped)}")
    if summary.failed:
        sys.exit(1)


def _run_build(paths: tuple[Path, ...], store_dir: Path, prune: bool, endpoint: str | None,
               progress: Callable[[str], None] | None,
               options: dict[str, Any]) -> tuple[BuildSummary, list[str], list[str]]:
    """The build, and with an endpoint the push; exits with status 1 when the push fails."""
    from policygraph.build import build as run_build

    if endpoint:
        from policygraph.remote import RemoteError, RemoteStore, build_remote

        try:
            return build_remote(paths, store_dir, RemoteStore.from_env(endpoint), prune=prune,
                                progress=progress, **options)
        except (RemoteError, ValueError) as exc:  # the local store is built; rerun to resume the push
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
    return run_build(paths, store_dir, prune=prune, progress=progress, **options), [], []


@main.command()
@click.option("--store", "store_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Store folder made by `policygraph build`.")
@click.option("--format", "fmt", type=click.Choice(["nt", "ttl", "jsonld", "trig", "nq", "csv", *NETWORK_FORMATS]),
              default="nt", show_default=True,
              help="nt is sorted and byte-identical between runs; csv is an edge list with evidence; "
                   "gexf / graphml (Gephi) and csv-edges export the analysis graph.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file (atomically) instead of standard output.")
def export(store_dir: Path, fmt: str, output: Path | None) -> None:
    """Export the graph: N-Triples (sorted), Turtle, JSON-LD, TriG, N-Quads or a CSV edge list.

    \b
    Examples:
      policygraph export --store out/store --format nt -o out/graph.nt
      policygraph export --store out/store --format csv -o out/edges.csv
      policygraph export --store out/store --format gexf -o out/graph.gexf
    """
    from policygraph.build import StoreFolder

    if fmt in NETWORK_FORMATS:
        from policygraph.analysis import load_graph
        from policygraph.lineage import export_networkx

        data = export_networkx(load_graph(store_dir), fmt)
    else:
        data = StoreFolder(store_dir).store(read_only=True).export(fmt)
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        from policygraph.output import write_atomic_bytes

        write_atomic_bytes(output, data)
        click.echo(f"wrote {len(data)} bytes to {output}", err=True)


@main.command()
@click.option("--store", "store_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Store folder made by `policygraph build`.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Format of the summary.")
def optimize(store_dir: Path, fmt: str) -> None:
    """Compact the store after a large build, for faster queries.

    A build bulk-loads sorted files that later lookups must all search until they are
    merged; this merges them (a full compaction: minutes for a store of 100,000+ documents,
    and free disk space about the size of its largest index).  The graph is unchanged.
    Run it when no build or server has the store open.

    \b
    Example:
      policygraph build big-corpus --store out/store --jobs 2
      policygraph optimize --store out/store
    """
    import time

    from policygraph.build import StoreFolder

    try:
        gs = StoreFolder(store_dir).store()
    except OSError as exc:  # the database is locked by another process, or unreadable
        click.echo(f"error: cannot open the store in {store_dir} for writing: {exc}", err=True)
        sys.exit(1)
    before = gs.disk_bytes()
    clock = time.perf_counter()
    gs.optimize()
    seconds = time.perf_counter() - clock
    after = gs.disk_bytes()
    if fmt == "json":
        click.echo(json.dumps({"seconds": round(seconds, 3), "bytes_before": before, "bytes_after": after}))
    else:
        click.echo(f"optimized {store_dir} in {seconds:.1f} s: {before / 1e6:,.1f} MB -> {after / 1e6:,.1f} MB")


@main.command()
@click.option("--store", "store_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Store folder made by `policygraph build`.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def validate(store_dir: Path, fmt: str) -> None:
    """Check the graph against the SHACL shapes (ontology/shapes.ttl) with pySHACL.

    Violations make the exit status 1; warnings (heuristics) are listed only.

    \b
    Example:
      policygraph validate --store out/store
    """
    from policygraph.build import StoreFolder
    from policygraph.validate import validate_store

    result = validate_store(StoreFolder(store_dir).store(read_only=True))
    if fmt == "json":
        click.echo(json.dumps({"conforms": result.conforms, "counts": dict(result.counts),
                               "results": [dict(zip(("severity", "focus", "path", "message"), m, strict=True))
                                           for m in result.messages]}, ensure_ascii=False, indent=2))
    else:
        click.echo(result.text())
    if not result.conforms:
        sys.exit(1)


@main.command()
@click.option("--store", "store_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Store folder made by `policygraph build`.")
def report(store_dir: Path) -> None:
    """Data quality: unresolved references by citation count, jurisdiction conflicts, missing
    dates or issuers, ambiguous body names.

    \b
    Example:
      policygraph report --store out/store
    """
    from policygraph.build import StoreFolder
    from policygraph.quality import quality_report

    folder = StoreFolder(store_dir)
    records = [folder.load_record(cid, key) for key, cid in folder.sources().items()]
    click.echo(quality_report(folder.store(read_only=True), records).text())


@main.command()
@click.argument("sparql", required=False)
@click.option("--store", "store_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Store folder made by `policygraph build`.")
@click.option("--endpoint", envvar="POLICYGRAPH_ENDPOINT", default=None,
              help="Query a remote SPARQL 1.1 endpoint instead of a store (env POLICYGRAPH_ENDPOINT).")
@click.option("--file", "query_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read the query from a .rq file.")
@click.option("--name", "saved_name", help="Run a saved query (see --list).")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query variable to a value (as an RDF term, never as query text).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True, help="json is SPARQL 1.1 JSON results.")
@click.option("--list", "list_saved", is_flag=True, help="List the saved queries and exit.")
def query(sparql: str | None, store_dir: Path | None, endpoint: str | None, query_file: Path | None,
          saved_name: str | None, params: tuple[str, ...], fmt: str, list_saved: bool) -> None:
    """Run SPARQL on a store: a query given inline, in a file, or saved by name.

    The common prefixes (eli, dcterms, org, skos, oa, prov, xsd, schema, pg) are declared for you.

    \b
    Examples:
      policygraph query --list
      policygraph query --store out/store --name implementers --param target=国发〔2013〕32号
      policygraph query --store out/store "SELECT ?d ?t WHERE { ?d eli:cites ?x ; dcterms:title ?t }"
      policygraph query --store out/store --file my.rq --format json
    """
    from policygraph import query as q

    if list_saved:
        click.echo(q.list_text(), nl=False)
        return
    given = [x for x in (sparql, query_file, saved_name) if x]
    if len(given) != 1:
        raise click.UsageError("give exactly one of QUERY, --file or --name")
    saved = None
    if saved_name:
        saved = q.saved_queries().get(saved_name)
        if saved is None:
            raise click.UsageError(f"no saved query {saved_name!r}; see `policygraph query --list`")
        text = saved.text
    elif query_file:
        text = query_file.read_text(encoding="utf-8")
    else:
        text = sparql or ""
    pairs = {}
    for p in params:
        if "=" not in p:
            raise click.UsageError(f"--param takes NAME=VALUE, got {p!r}")
        k, v = p.split("=", 1)
        pairs[k.strip()] = v
    try:
        terms = q.bindings(pairs, saved)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    try:
        if endpoint:
            from policygraph.remote import RemoteStore

            result = RemoteStore.from_env(endpoint).select(q.inline_values(q.with_prefixes(text), terms))
        else:
            if store_dir is None:
                raise click.UsageError("give --store DIR or --endpoint URL")
            result = q.run_in_folder(store_dir, text, terms, saved)
    except Exception as exc:  # a bad query or a remote failure: one clear line, exit 1
        click.echo(f"error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(1)
    click.echo(q.format_result(result, fmt), nl=False)


from policygraph.render.command import render_command  # noqa: E402

main.add_command(render_command)
main.add_command(lineage_command)

from policygraph.serve import serve_command  # noqa: E402

main.add_command(serve_command)

if __name__ == "__main__":  # pragma: no cover
    main()

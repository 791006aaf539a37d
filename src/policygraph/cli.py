"""The ``policygraph`` command: one verb per job, the same ``--format`` everywhere."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from policygraph import __version__


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


if __name__ == "__main__":  # pragma: no cover
    main()

"""Score the current extractor against the truth written by ``benchmarks/synth.py``.

    python benchmarks/synth.py --docs 2000 --seed 7 --out /tmp/synth
    python benchmarks/synth_check.py /tmp/synth --sample 500 [--misses 8] [--json]

Each sampled file is read with ``policygraph.corpus.read_document`` and extracted with
``policygraph.extractors.pipeline.extract_document``; the record is compared with its line of
``truth.jsonl``:

* references: one-to-one matching on the canonical 文号 when both sides have one, else on the
  title normalised with ``policygraph.extractors.references.norm_key`` (a short law name given as
  ``cited_as`` matches too); ``promulgates`` / ``forwards`` predictions (the attachment) are left
  out.  Relation accuracy over matched references.  Misses are broken down by the printed form.
* responsibility: (measure, body) pairs, all roles (lead, responsible, supporting); a predicted
  pair matches when one measure title starts with the other (after ``norm_title``) and one body
  ends with the other (``成都市商务局`` ~ ``市商务局``).  Documents written in 第X条 articles are not
  scored (as in the gold format).  Role accuracy (lead vs supporting) over matched pairs.
* targets: multiset matching on (value, unit) over predictions of kind ``target``; deadline-year
  accuracy over matched targets.
* doc_number: canonical equality (both null counts as right); title (informative): the record's
  title or notice_title equals the truth title or attachment title after ``norm_title``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from policygraph.corpus import read_document
from policygraph.evaluate import norm_doc_number, norm_title
from policygraph.extractors.pipeline import extract_document
from policygraph.extractors.references import norm_key

NOT_REFERENCES = {"promulgates", "forwards"}


class Score:
    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def as_dict(self) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


def _greedy(n_pred: int, n_gold: int, tests: list) -> dict[int, int]:
    """One-to-one greedy matching (strictest test first): {pred index: gold index}."""
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for test in tests:
        for i in range(n_pred):
            if i in pairs:
                continue
            for j in range(n_gold):
                if j not in used and test(i, j):
                    pairs[i] = j
                    used.add(j)
                    break
    return pairs


class Checker:
    def __init__(self, max_examples: int = 6) -> None:
        self.refs, self.resp, self.targets = Score(), Score(), Score()
        self.rel_ok = self.rel_total = 0
        self.role_ok = self.role_total = 0
        self.year_ok = self.year_total = 0
        self.num_ok = self.num_total = 0
        self.title_ok = self.title_total = 0
        self.ref_missed_by_form: Counter[str] = Counter()
        self.ref_total_by_form: Counter[str] = Counter()
        self.rel_wrong: Counter[tuple[str, str]] = Counter()
        self.resp_missed_by_style: Counter[str] = Counter()
        self.resp_total_by_style: Counter[str] = Counter()
        self.examples: dict[str, list] = defaultdict(list)
        self.max_examples = max_examples
        self.seconds = 0.0
        self.docs = 0
        self.errors: list[str] = []
        self.text = ""

    def example(self, key: str, item: object) -> None:
        if len(self.examples[key]) < self.max_examples:
            self.examples[key].append(item)

    # -- one document ------------------------------------------------------------------------

    def check(self, path: Path, truth: dict) -> None:
        t0 = time.perf_counter()
        try:
            doc = read_document(path)
            rec = extract_document(doc)
        except Exception as err:  # a crash is a finding, not the end of the run
            self.errors.append(f"{path.name}: {type(err).__name__}: {err}")
            return
        finally:
            self.seconds += time.perf_counter() - t0
        self.docs += 1
        self.text = doc.text
        src = truth["source"]
        self._doc_number(src, truth, rec)
        self._title(src, truth, rec)
        self._references(src, truth, rec)
        if truth.get("articles") is None:
            self._responsibility(src, truth, rec)
        self._targets(src, truth, rec)

    def _doc_number(self, src: str, truth: dict, rec) -> None:
        self.num_total += 1
        want = norm_doc_number(truth["doc_number"])
        got = norm_doc_number(rec.doc_number)
        if want == got:
            self.num_ok += 1
        else:
            self.example("doc_number", {"source": src, "truth": truth["doc_number"],
                                        "got": rec.doc_number})

    def _title(self, src: str, truth: dict, rec) -> None:
        self.title_total += 1
        want = {norm_title(t) for t in (truth["title"], truth.get("promulgates")) if t}
        got = {norm_title(t) for t in (rec.title, rec.notice_title) if t}
        if want & got:
            self.title_ok += 1
        else:
            self.example("title", {"source": src, "truth": truth["title"], "got": rec.title})

    def _references(self, src: str, truth: dict, rec) -> None:
        gold = truth["references"]
        preds = [r for r in rec.references if r.relation not in NOT_REFERENCES]
        p_num = [norm_doc_number(r.doc_number or r.doc_number_printed) for r in preds]
        p_key = [{norm_key(x) for x in (r.title, getattr(r, "cited_as", None)) if x} for r in preds]
        g_num = [norm_doc_number(g["doc_number"]) for g in gold]
        g_key = [{norm_key(x) for x in (g["title"], g.get("cited_as")) if x} for g in gold]

        def by_number(i: int, j: int) -> bool:
            return bool(p_num[i]) and p_num[i] == g_num[j]

        def by_title(i: int, j: int) -> bool:
            if p_num[i] and g_num[j] and p_num[i] != g_num[j]:
                return False
            return bool(p_key[i] & g_key[j])

        pairs = _greedy(len(preds), len(gold), [by_number, by_title])
        self.refs.add(len(pairs), len(preds) - len(pairs), len(gold) - len(pairs))
        for i, j in pairs.items():
            self.rel_total += 1
            if preds[i].relation == gold[j]["relation"]:
                self.rel_ok += 1
            else:
                key = (gold[j]["relation"], preds[i].relation)
                self.rel_wrong[key] += 1
                self.example(f"relation {key[0]}→{key[1]}",
                             {"source": src, "printed": gold[j]["evidence"],
                              "cue": preds[i].cue, "context": self.context(preds[i].span)})
        matched = set(pairs.values())
        for j, g in enumerate(gold):
            self.ref_total_by_form[g["form"]] += 1
            if j not in matched:
                self.ref_missed_by_form[g["form"]] += 1
                self.example(f"reference missed ({g['form']})",
                             {"source": src, "printed": g["evidence"], "relation": g["relation"]})
        for i, r in enumerate(preds):
            if i not in pairs:
                self.example("reference spurious",
                             {"source": src, "title": r.title, "doc_number": r.doc_number,
                              "relation": r.relation})

    def _responsibility(self, src: str, truth: dict, rec) -> None:
        gold: list[tuple[str, str, str, str]] = []
        for row in truth["responsibility"]:
            for b in row["bodies"]:
                gold.append((norm_title(row["measure"]), b, row["role"], row["evidence"]))
        preds: list[tuple[str, str, str]] = []
        for m in rec.measures:
            lead = set(m.lead)
            sup = set(m.supporting)
            seen = set()
            for b in [*m.responsible, *m.lead, *m.supporting]:
                if b in seen:
                    continue
                seen.add(b)
                role = "lead" if b in lead else "supporting" if b in sup else "responsible"
                preds.append((norm_title(m.title or ""), b, role))

        def same(i: int, j: int) -> bool:
            pm, pb, _ = preds[i]
            gm, gb, _, _ = gold[j]
            if not pm or not (pm.startswith(gm) or gm.startswith(pm)):
                return False
            return pb.endswith(gb) or gb.endswith(pb)

        pairs = _greedy(len(preds), len(gold), [same])
        self.resp.add(len(pairs), len(preds) - len(pairs), len(gold) - len(pairs))
        for i, j in pairs.items():
            if gold[j][2] in ("lead", "supporting"):
                self.role_total += 1
                if preds[i][2] == gold[j][2]:
                    self.role_ok += 1
                else:
                    self.example("role wrong", {"source": src, "printed": gold[j][3],
                                                "body": gold[j][1], "truth": gold[j][2],
                                                "got": preds[i][2]})
        matched = set(pairs.values())
        for j, g in enumerate(gold):
            style = _resp_style(g[3])
            self.resp_total_by_style[style] += 1
            if j not in matched:
                self.resp_missed_by_style[style] += 1
                self.example(f"responsibility missed ({style})",
                             {"source": src, "measure": g[0], "body": g[1], "printed": g[3]})
        for i, p in enumerate(preds):
            if i not in pairs:
                self.example("responsibility spurious",
                             {"source": src, "measure": p[0][:30], "body": p[1]})

    def _targets(self, src: str, truth: dict, rec) -> None:
        gold = truth["targets"]
        preds = [t for t in rec.targets if t.kind == "target"]

        def same(i: int, j: int) -> bool:
            p, g = preds[i], gold[j]
            return (p.value is not None and abs(float(p.value) - float(g["value"])) < 1e-9
                    and (p.unit or "") == g["unit"])

        pairs = _greedy(len(preds), len(gold), [same])
        self.targets.add(len(pairs), len(preds) - len(pairs), len(gold) - len(pairs))
        for i, j in pairs.items():
            self.year_total += 1
            if preds[i].year == gold[j]["year"]:
                self.year_ok += 1
        matched = set(pairs.values())
        for j, g in enumerate(gold):
            if j not in matched:
                self.example("target missed", {"source": src, "printed": g["evidence"],
                                               "value": g["value"], "unit": g["unit"]})
        for i, t in enumerate(preds):
            if i not in pairs:
                self.example("target spurious", {"source": src, "value": t.value, "unit": t.unit,
                                                 "text": self.context(t.span)})

    def context(self, span, width: int = 20) -> str:
        s, e = span
        return self.text[max(0, s - width):e + 8]

    # -- report ------------------------------------------------------------------------------

    def report(self) -> dict:
        def ratio(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None

        return {
            "documents": self.docs,
            "errors": self.errors,
            "extract_seconds": round(self.seconds, 2),
            "docs_per_second": round(self.docs / self.seconds, 1) if self.seconds else None,
            "references": self.refs.as_dict(),
            "relation_accuracy": ratio(self.rel_ok, self.rel_total),
            "relation_confusions": {f"{a}→{b}": n for (a, b), n in self.rel_wrong.most_common()},
            "reference_recall_by_form": {
                f: round(1 - self.ref_missed_by_form[f] / n, 4)
                for f, n in sorted(self.ref_total_by_form.items())
            },
            "responsibility": self.resp.as_dict(),
            "role_accuracy": ratio(self.role_ok, self.role_total),
            "responsibility_recall_by_form": {
                f: round(1 - self.resp_missed_by_style[f] / n, 4)
                for f, n in sorted(self.resp_total_by_style.items())
            },
            "targets": self.targets.as_dict(),
            "target_year_accuracy": ratio(self.year_ok, self.year_total),
            "doc_number_accuracy": ratio(self.num_ok, self.num_total),
            "title_accuracy": ratio(self.title_ok, self.title_total),
            "examples": self.examples,
        }


def _resp_style(printed: str) -> str:
    inner = printed[1:-1]
    if "配合单位" in inner:
        return "（牵头单位：A，配合单位：B）"
    if inner.startswith("牵头单位"):
        return "（牵头单位：A、B）"
    if inner.startswith("责任单位"):
        return "（责任单位：A、B）"
    if inner.startswith("负责部门"):
        return "（负责部门：A、B）"
    if "配合" in inner:
        return "（A牵头，B、C配合）"
    if "按职责分工负责" in inner:
        return "（A、B等按职责分工负责）"
    return "（A、B等负责）"


def check(folder: str | Path, sample: int = 500, seed: int = 0, max_examples: int = 6) -> dict:
    folder = Path(folder)
    with open(folder / "truth.jsonl", encoding="utf-8") as fh:
        truths = [json.loads(line) for line in fh]
    picked = truths if sample >= len(truths) else random.Random(seed).sample(truths, sample)
    picked.sort(key=lambda t: t["source"])
    c = Checker(max_examples)
    for t in picked:
        c.check(folder / t["source"], t)
    return c.report()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", help="output folder of benchmarks/synth.py (with truth.jsonl)")
    ap.add_argument("--sample", type=int, default=500, help="documents to check (default 500)")
    ap.add_argument("--seed", type=int, default=0, help="seed of the sample (default 0)")
    ap.add_argument("--misses", type=int, default=6, help="examples kept per kind of miss")
    ap.add_argument("--json", action="store_true", help="print the whole report as JSON")
    args = ap.parse_args(argv)
    rep = check(args.folder, args.sample, args.seed, args.misses)
    if args.json:
        print(json.dumps(rep, ensure_ascii=False, indent=1))
        return 0
    examples = rep.pop("examples")
    print(json.dumps(rep, ensure_ascii=False, indent=1))
    for key, items in sorted(examples.items()):
        print(f"\n## {key}")
        for it in items:
            print("  ", json.dumps(it, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())

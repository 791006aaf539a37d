"""Run every extractor over one document and assemble its :class:`~policygraph.model.Record`.

>>> rec = extract("深圳市人民政府关于加快发展电子商务的意见\\n深府〔2013〕119号\\n各区人民政府：\\n"
...               "为贯彻落实《国务院关于促进信息消费扩大内需的若干意见》（国发〔2013〕32号），"
...               "提出如下意见。\\n（一）支持电子商务平台规模化。鼓励企业做大。（牵头单位：市商务局）\\n"
...               "深圳市人民政府\\n2013年12月27日\\n")
>>> rec.doc_number, rec.issuers, rec.date_signed, rec.jurisdiction, rec.level
('深府〔2013〕119号', ['深圳市人民政府'], '2013-12-27', '深圳市', 'municipal')
>>> [(r.doc_number, r.relation) for r in rec.references]
[('国发〔2013〕32号', 'implements')]
>>> [(m.title, m.responsible) for m in rec.measures]
[('支持电子商务平台规模化', ['深圳市商务局'])]
"""

from __future__ import annotations

from policygraph.extractors.metadata import find_metadata
from policygraph.extractors.outline import find_outline
from policygraph.extractors.references import find_references, norm_key
from policygraph.extractors.responsibility import attach, find_assignments
from policygraph.model import Document, Evidence, Record


def extract(text: str, source: str = "<text>", *, keywords: bool = False) -> Record:
    """Extract a record from a decoded text (line endings already ``\\n``)."""
    from policygraph.corpus import content_id

    doc = Document(source=source, id=content_id(text), text=text)
    return extract_document(doc, keywords=keywords)


def extract_document(doc: Document, *, keywords: bool = False) -> Record:
    """Extract a record from a :class:`Document` read by :mod:`policygraph.corpus`."""
    text = doc.text
    meta = find_metadata(text, doc.hints)
    rec = Record(source=doc.source, id=doc.id, warnings=list(doc.warnings) + meta.warnings)
    for name in ("title", "notice_title", "doc_number", "doc_number_printed", "doc_type",
                 "jurisdiction", "level", "date_signed", "date_published", "date_effective",
                 "valid_years", "promulgates"):
        setattr(rec, name, getattr(meta, name))
    rec.issuers = list(meta.issuers)
    rec.addressees = list(meta.addressees)
    rec.evidence = dict(meta.evidence)

    own = tuple(t for t in (meta.title, meta.notice_title) if t)
    refs = find_references(text, own_titles=own, own_number=meta.doc_number)
    attachments = [r for r in refs if r.relation == "promulgates"]
    if attachments and attachments[0].title:
        # the attachment's own title as printed in 《》 beats one read off the notice title
        rec.promulgates = attachments[0].title
        rec.evidence["promulgates"] = Evidence(attachments[0].title_span)
    if rec.promulgates:
        key = norm_key(rec.promulgates)
        refs = [r for r in refs if r.relation == "promulgates" or not r.title or norm_key(r.title) != key]
    rec.references = refs

    measures = find_outline(text, meta.body_start, meta.body_end)
    assignments = find_assignments(text, meta.body_start, meta.body_end)
    loose = attach(measures, assignments, meta.jurisdiction)
    for a in loose:
        rec.warnings.append(f"responsibility list outside any numbered item at {list(a.span)}")
    rec.measures = measures

    from policygraph.extractors.targets import find_targets

    year = int(rec.date_signed[:4]) if rec.date_signed else None
    rec.targets = find_targets(text, doc_year=year)

    if keywords:
        from policygraph.extractors.keywords import top_keywords

        rec.keywords = top_keywords(text, 10)
        for m in measures:
            if m.kind == "item":
                m.keywords = top_keywords(text[m.span[0]:m.span[1]], 5)
    return rec

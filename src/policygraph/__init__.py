"""policygraph: Chinese policy documents to a knowledge graph of policy lineage.

>>> from policygraph import extract
>>> extract("国务院关于促进信息消费扩大内需的若干意见\\n国发〔2013〕32号\\n").doc_number
'国发〔2013〕32号'
"""

from __future__ import annotations

__version__ = "0.1.0"

from policygraph.extractors.pipeline import extract, extract_document
from policygraph.model import Assignment, Document, Measure, Record, Reference, Target

__all__ = [
    "Assignment",
    "Document",
    "Measure",
    "Record",
    "Reference",
    "Target",
    "__version__",
    "extract",
    "extract_document",
]

"""Keywords with jieba's TF-IDF, loaded lazily (jieba takes about a second to start).

Spans never come from jieba tokens: it splits 〔〕 and 《》.  Known body names from the registry
are added to its dictionary so that they stay whole.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _analyse() -> Any:
    import jieba
    import jieba.analyse

    jieba.setLogLevel(logging.WARNING)
    from policygraph.registry import bodies

    for body in bodies().values():
        for name in (body.name, *body.aliases):
            jieba.add_word(name, freq=2000, tag="nt")
    return jieba.analyse


def top_keywords(text: str, k: int = 10) -> list[str]:
    """The ``k`` most characteristic words of ``text`` (TF-IDF against jieba's corpus).

    >>> "电子商务" in top_keywords("加快发展电子商务，推进电子商务应用，完善电子商务支撑体系。", 3)
    True
    """
    if not text.strip():
        return []
    return list(_analyse().extract_tags(text, topK=k))

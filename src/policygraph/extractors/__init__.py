"""One module per family of extracted items; each is a function from text to typed items with spans.

``docnumber`` (发文字号), ``dates``, ``references``, ``outline`` (measures), ``responsibility``,
``targets`` and ``metadata`` (title, issuers, addressees, …) know nothing of files or RDF;
:mod:`policygraph.extractors.pipeline` runs them in order to build a :class:`~policygraph.model.Record`.
"""

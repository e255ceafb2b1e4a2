"""The study behind the design, reproducible: ``python -m assistant lab STUDY``.

One module per study, each a plain typed function returning frozen dataclass rows:

- :mod:`.pooling` — CLS, mean and max pooling over the same encoder (STS, retrieval);
- :mod:`.metric` — L2 vs inner product, with and without normalised vectors;
- :mod:`.index` — Flat, HNSW, IVF, IVF-PQ on the database's stored sentence vectors;
- :mod:`.granularity` — whole description vs sentences vs sentence windows;
- :mod:`.baseline` — the SQL/pandas substring search the study started from vs retrieval;
- :mod:`.fillmask` — a small masked-LM head on the frozen encoder, trained offline.

:mod:`.common` holds the shared pieces (tables, plots, read-only databases, questions),
:mod:`.encoder` the base encoder as a plain transformer with the pooling done here, and
:mod:`.cli` the ``lab`` subcommand (parsing and printing only). Heavy imports are lazy.
"""

"""Benchmarks: a corpus generator (``bench.generate``) and the ``make bench`` harness (``bench.run``)."""

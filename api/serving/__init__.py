"""The serving machinery of ``cchc-kg serve``: query workers (processes a slow query can be stopped in),
request and result limits, the result and response caches, and the guarded store that puts them together
around the store the app serves."""

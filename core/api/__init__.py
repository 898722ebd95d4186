"""The API's shared plumbing: the base viewset, keyset pagination, conditional responses
(ETag, 304, 412, 428), renderers, the exception handler and strict filter sets. The apps'
own endpoints live in ``sources/api/`` and ``claims/api/``; ``factcheck/api_urls.py``
wires them under /api/."""

"""Daiban's shared kernel: what every service must agree on, and nothing that does I/O.

- ``contracts``: the published event contracts (one pydantic model per type and version);
- ``events``: their base class and registry;
- ``roles``: the people who act, and the tier of place each role works at;
- ``places``: statistical division codes (``PlaceCode``), tiers, jurisdiction;
- ``actor``: the acting person (亮明身份), as tokens, commands and events name them;
- ``cases``: case numbers, channels;
- ``china``: the China time zone and its calendar day;
- ``errors``: the errors that cross a service boundary (rendered as problem+json by the runtime);
- ``fields``: field shapes shared by wire models and contracts.

Only the standard library and pydantic are imported here (an import-linter contract holds it);
the runtime (settings, database, broker, HTTP, tokens) is ``daiban_common``.
"""

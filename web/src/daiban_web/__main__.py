"""``daiban-web [--host H] [--port P] [--gateway URL]``: serve the web front.

The gateway is where the public APIs are read (``GATEWAY_URL``, default http://127.0.0.1:8080).
"""

from __future__ import annotations

import argparse

import uvicorn

from daiban_web.app import create_app
from daiban_web.settings import WebSettings


def main(argv: list[str] | None = None) -> None:
    """Serve the pages until interrupted."""
    parser = argparse.ArgumentParser(prog="daiban-web", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8110)
    parser.add_argument("--gateway", default=None,
                        help="where the APIs are (default: GATEWAY_URL, http://127.0.0.1:8080)")
    args = parser.parse_args(argv)
    settings = WebSettings()
    if args.gateway:
        settings = settings.model_copy(update={"gateway_url": args.gateway})
    uvicorn.run(create_app(settings), host=args.host, port=args.port,
                proxy_headers=True, access_log=False, ws="none")


if __name__ == "__main__":
    main()

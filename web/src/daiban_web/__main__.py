"""``daiban-web [--host H] [--port P] [--gateway URL]``: serve the web front.

The gateway is where the public APIs are read (``GATEWAY_URL``, default http://127.0.0.1:8080).
"""

from __future__ import annotations

import argparse
import os

import uvicorn

from daiban_web.app import create_app


def main(argv: list[str] | None = None) -> None:
    """Serve the pages until interrupted."""
    parser = argparse.ArgumentParser(prog="daiban-web", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8110)
    parser.add_argument("--gateway", default=os.environ.get("GATEWAY_URL",
                                                            "http://127.0.0.1:8080"))
    args = parser.parse_args(argv)
    uvicorn.run(create_app(args.gateway), host=args.host, port=args.port,
                proxy_headers=True, access_log=False, ws="none")


if __name__ == "__main__":
    main()

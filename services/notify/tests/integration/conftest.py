"""Real parts for notify's integration tests: an SMTP server (aiosmtpd), an HTTP receiver that
checks Standard Webhooks signatures or Aliyun's request signature, notify built on the real
database with its channels pointed at them, and a way to hear events as the consumer does."""

from __future__ import annotations

import email
import json
import random
import socket
import threading
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Session
from aiosmtpd.smtp import Envelope as SmtpEnvelope

from daiban_common.db import session_factory
from daiban_common.envelope import Envelope
from daiban_common.service import Service
from daiban_kernel.contracts.staff import Duty, StaffCreatedV1, StaffSnapshot
from daiban_kernel.events import EventData
from daiban_kernel.roles import Role
from daiban_notify.adapters.orm import messaging
from daiban_notify.adapters.uow import PostgresUnitOfWork
from daiban_notify.bootstrap import SOURCE, Commands, Queries, build
from daiban_notify.handlers import DispatchDue
from daiban_notify.settings import NotifySettings

Notify = Service[Commands, Queries]


@dataclass
class Mailbox:
    """What the SMTP server received."""

    mails: list[Message] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: SmtpEnvelope,
                          address: str, options: list[str]) -> str:
        if address in self.refuse:
            return "550 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session,
                          envelope: SmtpEnvelope) -> str:
        raw = envelope.original_content or b""
        self.mails.append(email.message_from_bytes(raw))
        return "250 Message accepted"


def free_port() -> int:
    """A port nothing listens on (for a server that is down, or one about to start)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def smtp() -> Iterator[tuple[Mailbox, int]]:
    """A real SMTP server on a free port, and what it received."""
    box = Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    query: str


class Receiver:
    """A real HTTP server in a thread: answers ``status`` (503 while ``down``) and keeps what
    came, each request checked by ``check`` (which may refuse it)."""

    def __init__(self, check: Callable[[Received], int] | None = None) -> None:
        self.requests: list[Received] = []
        self.down = False
        self._check = check or (lambda _: 200)
        self._answer: Callable[[Received], bytes] = lambda _: b"{}"
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                query = self.path.partition("?")[2]
                got = Received({k.lower(): v for k, v in self.headers.items()},
                               self.rfile.read(length), query)
                if receiver.down:
                    status, body = 503, b"down"
                else:
                    status = receiver._check(got)
                    body = receiver._answer(got)
                    if status < 300:
                        receiver.requests.append(got)
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _serve

            def log_message(self, format: str, *args: Any) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def answering(self, answer: Callable[[Received], bytes]) -> Receiver:
        self._answer = answer
        return self

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/hook"

    def __enter__(self) -> Receiver:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def notify_of(env: dict[str, str], tmp_path: Path, **overrides: object) -> Notify:
    """Notify on the test database, its SMS in a file of the test's own."""
    settings = NotifySettings.model_validate({
        **env, "sms_outbox_file": str(tmp_path / "sms.jsonl"), "retry_first_seconds": 0.05,
        "retry_longest_seconds": 0.2, "send_timeout_seconds": 2, **overrides})
    return build(settings)


@pytest.fixture
async def notify_factory(env: dict[str, str], tmp_path: Path
                         ) -> AsyncIterator[Callable[..., Notify]]:
    """Builds notify with settings overridden; every one built is closed at the end."""
    built: list[Notify] = []

    def make(**overrides: object) -> Notify:
        built.append(notify_of(env, tmp_path, **overrides))
        return built[-1]

    yield make
    for service in built:
        await service.close()


async def hear(notify: Notify, event: EventData, *, event_id: str | None = None,
               inbox: bool = True) -> None:
    """Hear ``event`` as the consumer does: its handler and the inbox claim in one
    transaction (``inbox=False``: as if the inbox had forgotten the event)."""
    assert notify.engine is not None
    envelope = Envelope.wrap(event, source="/tests")
    if event_id is not None:
        envelope = envelope.model_copy(update={"id": event_id})
    handle = notify.event_handlers.handler_for(envelope)
    assert handle is not None
    uow = PostgresUnitOfWork(session_factory(notify.engine), tables=messaging, source=SOURCE)
    async with uow:
        if not inbox or await uow.claim(envelope):
            await handle(envelope, uow)
        await uow.commit()


async def dispatch_all(notify: Notify) -> int:
    """One dispatcher round: every notice due now."""
    claimed = 0
    while True:
        batch = await notify.commands.dispatch_due(DispatchDue(50))
        claimed += batch.claimed
        if batch.claimed < 50:
            return claimed


def a_town() -> str:
    return f"110116{random.randrange(200, 999)}"


def supervisor(place: str, *, email_address: str) -> StaffCreatedV1:
    return StaffCreatedV1(snapshot=StaffSnapshot(
        staff_id=f"s-{uuid.uuid4().hex[:12]}", name="陈静", phone="13912345678",
        email=email_address, role=Role.SUPERVISOR, station_code=f"{place}-01",
        place_code=place, skills=(), partner_id=None, duty=Duty.ON_DUTY, active=True,
        version=1))


def json_of(received: Received) -> Any:
    return json.loads(received.body)



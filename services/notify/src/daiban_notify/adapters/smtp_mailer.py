"""E-mail over SMTP with aiosmtplib."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import aiosmtplib

from daiban_notify.domain.errors import ChannelUnavailable, DeliveryRefused
from daiban_notify.ports import OutgoingMessage


class SmtpMailer:
    """Sends each notice as a plain-text UTF-8 mail from ``sender``."""

    def __init__(self, *, host: str | None, port: int, sender: str, username: str | None = None,
                 password: str | None = None, starttls: bool = False,
                 timeout_seconds: float = 10.0) -> None:
        self._host = host
        self._port = port
        self._sender = sender
        self._username = username
        self._password = password
        self._starttls = starttls
        self._timeout = timeout_seconds

    async def send(self, message: OutgoingMessage) -> None:
        """One mail; a 5xx answer refuses it, anything else is retried."""
        if self._host is None:
            raise DeliveryRefused("no SMTP server is configured (SMTP_HOST)")
        mail = EmailMessage()
        mail["From"], mail["To"], mail["Subject"] = self._sender, message.address, message.subject
        mail["Date"] = format_datetime(message.sent_at)
        mail["Message-ID"] = make_msgid(idstring=message.delivery_id, domain="daiban")
        mail.set_content(message.text)
        try:
            await aiosmtplib.send(mail, hostname=self._host, port=self._port,
                                  username=self._username, password=self._password,
                                  start_tls=self._starttls, timeout=self._timeout)
        except aiosmtplib.SMTPRecipientsRefused as error:
            raise DeliveryRefused("the mail server refused the recipient") from error
        except aiosmtplib.SMTPResponseException as error:
            if 500 <= error.code < 600:
                raise DeliveryRefused(f"the mail server refused: {error.code}") from error
            raise ChannelUnavailable(f"the mail server answered {error.code}") from error
        except (aiosmtplib.SMTPException, OSError) as error:
            raise ChannelUnavailable(f"mail server unreachable: {type(error).__name__}"
                                     ) from error

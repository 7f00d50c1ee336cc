"""A real SMTP server on loopback (aiosmtpd) for tests that send mail: what it received, and a
mailbox it refuses. The ``smtp`` fixture (tests/conftest.py) starts one per test."""

from __future__ import annotations

import email
import socket
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

REFUSED = "gone@example.org"  # the server answers 550 for this address


@dataclass
class Inbox:
    """What the loopback SMTP server received."""

    messages: list[tuple[str, list[str], EmailMessage]] = field(default_factory=list)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,  # noqa: N802 (aiosmtpd's)
                          options: list[str]) -> str:
        if address == REFUSED:
            return "550 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's)
        message = email.message_from_bytes(envelope.content, policy=default_policy)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message))  # type: ignore[arg-type]
        return "250 Message accepted"

    def to(self, address: str) -> list[EmailMessage]:
        """The messages addressed to ``address``."""
        return [m for _sender, recipients, m in self.messages if address in recipients]


def free_port() -> int:
    """A TCP port on loopback nothing listens on (a server to start, or one that refuses)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])

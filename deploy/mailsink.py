"""A mail relay for trying Trygg on one machine: every message it accepts becomes a file. Never production.

    python deploy/mailsink.py --port 8104 --dir .cluster/mail

Listens on loopback (aiosmtpd), accepts any sender and recipient, and writes each message to
DIR/<nanoseconds>-<random>.eml: the message as received, after two lines `X-Sink-Mail-From:` and
`X-Sink-Rcpt-To:` with the envelope. A file appears whole (written aside, then renamed). SIGTERM or
SIGINT stops it; started again on the same port it carries on, so a test can take the relay down
and bring it back (deploy/cluster.py: stop_mail(), start_mail()).
"""

import argparse
import asyncio
import os
import secrets
import signal
import time
from pathlib import Path

from aiosmtpd.smtp import SMTP, Envelope, Session


class FolderSink:
    """aiosmtpd's handler: the message and its envelope into a file of its own."""

    def __init__(self, folder: Path):
        self.folder = folder

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        head = f"X-Sink-Mail-From: {envelope.mail_from}\r\nX-Sink-Rcpt-To: {', '.join(envelope.rcpt_tos)}\r\n"
        name = f"{time.time_ns()}-{secrets.token_hex(4)}.eml"
        part = self.folder / f".{name}.part"
        part.write_bytes(head.encode() + content)
        os.replace(part, self.folder / name)
        return "250 Message accepted"


async def serve(host: str, port: int, folder: Path) -> None:
    loop = asyncio.get_running_loop()
    sink = FolderSink(folder)
    server = await loop.create_server(
        lambda: SMTP(sink, hostname="mailsink.invalid", loop=loop), host=host, port=port
    )
    stopping = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.set)
    print(f"mailsink: smtp://{host}:{port} → {folder}", flush=True)
    await stopping.wait()
    server.close()
    await server.wait_closed()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", type=Path, required=True, help="folder for the messages")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    asyncio.run(serve(args.host, args.port, args.dir))


if __name__ == "__main__":
    main()

"""A local SMTP sink for development and tests (DEV ONLY): accepts every message on 127.0.0.1 and writes it, as
received, to one file per message in a directory, so tests can read the mails Keycloak sends (verify-email links).

    mail_sink.py <port> <directory>

Files are named <epoch-ms>-<sequence>.eml and appear whole (written under a temporary name, then renamed). Nothing
is relayed anywhere. Uses aiosmtpd (Debian: python3-aiosmtpd)."""
import itertools
import os
import signal
import sys
import threading
import time

from aiosmtpd.controller import Controller


class FileSink:
    def __init__(self, directory):
        self.directory = directory
        self.sequence = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):
        name = "%d-%06d" % (time.time() * 1000, next(self.sequence))
        tmp = os.path.join(self.directory, "." + name + ".tmp")
        # The envelope's recipients first (Bcc never shows in the headers), then the message as received.
        with open(tmp, "wb") as out:
            for rcpt in envelope.rcpt_tos:
                out.write(b"X-Envelope-To: " + rcpt.encode("utf-8", "replace") + b"\r\n")
            out.write(envelope.original_content or envelope.content)
        os.rename(tmp, os.path.join(self.directory, name + ".eml"))
        print("stored %s.eml for %s" % (name, ", ".join(envelope.rcpt_tos)), flush=True)
        return "250 Message accepted for delivery"


def main():
    port, directory = int(sys.argv[1]), sys.argv[2]
    os.makedirs(directory, exist_ok=True)
    controller = Controller(FileSink(directory), hostname="127.0.0.1", port=port)
    controller.start()
    print("mail sink listening on 127.0.0.1:%d, writing to %s" % (port, directory), flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()

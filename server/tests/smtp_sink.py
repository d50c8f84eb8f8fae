"""A real SMTP server for the tests (aiosmtpd from PyPI, installed by .ci/tools.sh).

Usage: smtp_sink.py <directory> <port>. Listens on 127.0.0.1:<port>; every message it receives
is written, decoded, as <n>.json into the directory, in the order received. Recipients whose
address starts with "abweisen" are refused (550), to test failed deliveries. Prints "bereit"
once it listens, and runs until its standard input closes.
"""
import email
import email.policy
import json
import pathlib
import sys
import threading

from aiosmtpd.controller import Controller


class Store:
    def __init__(self, directory):
        self.directory = pathlib.Path(directory)
        self.count = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("abweisen"):
            return "550 5.1.1 No such recipient here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_to": envelope.rcpt_tos,
            "headers": {name: str(value) for name, value in message.items()},
            "body": message.get_body(preferencelist=("plain",)).get_content(),
        }
        with self.lock:
            self.count += 1
            path = self.directory / f"{self.count:04}.json"
        partial = path.with_suffix(".part")
        partial.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        partial.rename(path)
        return "250 Message accepted for delivery"


def main():
    controller = Controller(Store(sys.argv[1]), hostname="127.0.0.1", port=int(sys.argv[2]))
    controller.start()
    print("bereit", flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()

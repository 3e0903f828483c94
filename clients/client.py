#!/usr/bin/python3
"""Subscribe to a Beacon edge over WebSocket and print every event as it arrives.

Usage example: ./client.py -i 127.0.0.1 -p 8082 -a celtra
"""

import argparse
import asyncio
import os
import signal
import socket
import sys
import urllib.parse

import websockets
from websockets.exceptions import InvalidMessage
from websockets.legacy.client import WebSocketClientProtocol
from websockets.legacy.http import read_response

PROG = "client.py"
CLOSE_TIMEOUT_SECONDS = 2
MAX_ERROR_BODY_BYTES = 64 * 1024
# An event frame is at most 64 KiB of data (the core's default limit) after JSON escaping, which
# can grow it up to six times; a larger frame closes the connection (1009).
MAX_FRAME_BYTES = 1 << 20
ERROR_BODY_TIMEOUT_SECONDS = 2


class Failure(Exception):
    """An expected failure: reported as one line on stderr, no traceback."""


class SubscriptionRefused(websockets.InvalidStatusCode):
    """The server answered the upgrade with an HTTP error; carries its status line and body."""

    def __init__(self, status_code, headers, status_line, body):
        super().__init__(status_code, headers)
        self.status_line = status_line
        self.body = body


class RecordingProtocol(WebSocketClientProtocol):
    """Keeps the handshake's status line and the body of a refusal, which websockets 10.4
    otherwise discards (it exposes only ws.response_headers)."""

    status_line = ""

    async def read_http_response(self):
        try:
            status_code, reason, headers = await read_response(self.reader)
        except Exception as exc:
            raise InvalidMessage("did not receive a valid HTTP response") from exc
        self.status_line = f"HTTP/1.1 {status_code} {reason}"
        self.response_headers = headers
        if status_code != 101:
            body = await self._read_refusal_body(headers)
            raise SubscriptionRefused(status_code, headers, self.status_line, body)
        return status_code, headers

    async def _read_refusal_body(self, headers):
        try:
            length = min(int(headers.get("Content-Length", "0")), MAX_ERROR_BODY_BYTES)
            return await asyncio.wait_for(
                self.reader.readexactly(length), ERROR_BODY_TIMEOUT_SECONDS
            )
        except (ValueError, asyncio.IncompleteReadError, asyncio.TimeoutError):
            return b""


def parse_args():
    parser = argparse.ArgumentParser(
        prog=PROG, description="Print the events a Beacon edge streams over WebSocket."
    )
    parser.add_argument("-i", dest="host", default="127.0.0.1", help="edge host (%(default)s)")
    parser.add_argument("-p", dest="port", type=int, default=8082, help="edge port (%(default)s)")
    parser.add_argument(
        "-a",
        dest="accounts",
        action="append",
        default=[],
        metavar="ACCOUNT",
        help="only events of this account; repeat for several (default: all accounts)",
    )
    args = parser.parse_args()
    if not 0 < args.port < 65536:
        parser.error(f"port out of range: {args.port}")
    return args


def host_port(host, port):
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def subscribe_uri(address, accounts):
    query = urllib.parse.urlencode([("account", a) for a in accounts], safe=",")
    return f"ws://{address}/subscribe" + (f"?{query}" if query else "")


def describe_os_error(exc):
    if isinstance(exc, socket.gaierror) or exc.errno is None:
        return exc.strerror or str(exc)
    return os.strerror(exc.errno).lower()


def print_line(text):
    print(text, flush=True)


async def stream_events(uri, address):
    try:
        ws = await websockets.connect(
            uri,
            create_protocol=RecordingProtocol,
            max_size=MAX_FRAME_BYTES,
            close_timeout=CLOSE_TIMEOUT_SECONDS,
        )
    except SubscriptionRefused as exc:
        body = exc.body.decode("utf-8", errors="replace").strip()
        detail = f"{exc.status_line} {body}".strip()
        raise Failure(f"{address} refused the subscription: {detail}") from None
    except websockets.InvalidURI as exc:
        raise Failure(f"invalid address {address}: {exc}") from None
    except websockets.InvalidHandshake as exc:
        raise Failure(f"WebSocket handshake with {address} failed: {exc}") from None
    except asyncio.TimeoutError:
        raise Failure(f"cannot connect to {address}: timed out") from None
    except OSError as exc:
        raise Failure(f"cannot connect to {address}: {describe_os_error(exc)}") from None

    print_line("--- response header ---")
    print_line(ws.status_line)
    for name, value in ws.response_headers.raw_items():
        print_line(f"{name}: {value}")
    print_line("-----------------------")
    try:
        async for message in ws:
            if isinstance(message, bytes):
                message = message.decode("utf-8", errors="replace")
            print_line(message)
    except websockets.ConnectionClosed:
        pass  # ws.close_code and ws.close_reason are set either way.
    except asyncio.CancelledError:  # Ctrl-C: leave with a close handshake, not a timeout.
        await ws.close(1001, "client interrupted")
        raise
    code, reason = ws.close_code, ws.close_reason
    if code == 1006:
        reason = "connection lost without a close frame"
    message = f"{PROG}: connection closed: code {code}" + (f" ({reason})" if reason else "")
    print(message, file=sys.stderr)
    return 0 if code == 1000 else 1


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `client.py | head` ends quietly.
    args = parse_args()
    address = host_port(args.host, args.port)
    try:
        return asyncio.run(stream_events(subscribe_uri(address, args.accounts), address))
    except Failure as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Subscribe to a Beacon edge over WebSocket and print every event as it arrives.

Usage example: ./client.py -i 127.0.0.1 -p 8082 -a celtra
With keys and TLS: ./client.py -p 8443 -a acme --token KEY --ca-file ca.crt

stdout holds the handshake's header block and then one line per event. Once connected, the client
reconnects by itself when the connection drops, resuming after the last event it printed, so each
event is printed exactly once; drops, reconnects and gaps left by retention are reported on
stderr, one line each.
"""

import argparse
import asyncio
import json
import os
import random
import re
import signal
import socket
import ssl
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

# Reconnect delays: start here, double after each failed attempt up to the cap, each one spread by
# +-20 % so that many clients dropped at once do not come back in lockstep.
RECONNECT_FIRST_DELAY_SECONDS = 0.5
RECONNECT_MAX_DELAY_SECONDS = 10.0
RECONNECT_JITTER = 0.2
# Close codes after which reconnecting cannot help: a normal close, or the server (or this client,
# for 1009: a frame over MAX_FRAME_BYTES) refusing what it was sent or asked for. Every other code
# (1001 going away, 1006 lost, 1011 error, 1012 restart, 4008 slow consumer, ...) reconnects.
FINAL_CLOSE_CODES = {1000, 1002, 1003, 1007, 1008, 1009, 1010, 4404}
# Refusals of the upgrade that a later attempt may not get (the edge or core is restarting).
TRANSIENT_HTTP_STATUSES = {429, 502, 503, 504}
MAX_SEQ = (1 << 64) - 1


class Failure(Exception):
    """An expected failure that ends the client: one line on stderr, exit 1, no traceback."""


class TransientFailure(Failure):
    """A connection attempt failed in a way a later attempt may not (connection refused or reset,
    a timeout, a 502/503/504 refusal)."""


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


def seq_argument(text):
    if not re.fullmatch(r"[0-9]+", text) or int(text) > MAX_SEQ:
        raise argparse.ArgumentTypeError(f"not a seq (a non-negative integer): {text!r}")
    return int(text)


def count_argument(text):
    if not re.fullmatch(r"[0-9]+", text):
        raise argparse.ArgumentTypeError(f"not a non-negative integer: {text!r}")
    return int(text)


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
    parser.add_argument(
        "--since",
        type=seq_argument,
        metavar="SEQ",
        help="first print the stored events after this seq, then live ones (default: live only)",
    )
    parser.add_argument(
        "--token",
        dest="tokens",
        action="append",
        default=[],
        metavar="KEY",
        help="subscriber key (or admin token) to present; repeat for one key per account. The "
        "first goes in an Authorization: Bearer header, any further ones as token query "
        "parameters",
    )
    parser.add_argument(
        "--ca-file",
        metavar="FILE",
        help="connect with TLS (wss://), trusting only the CA certificate(s) in this PEM file",
    )
    parser.add_argument(
        "--max-retries",
        type=count_argument,
        metavar="K",
        help="after a drop, give up (exit 1) once K reconnect attempts in a row have failed; "
        "0 never reconnects (default: keep trying)",
    )
    args = parser.parse_args()
    if not 0 < args.port < 65536:
        parser.error(f"port out of range: {args.port}")
    for token in args.tokens:
        if not re.fullmatch(r"[\x21-\x7e]{1,512}", token):
            parser.error("--token: a key is 1 to 512 visible ASCII characters")
    args.ssl = None
    if args.ca_file is not None:
        try:
            args.ssl = ssl.create_default_context(cafile=args.ca_file)
        except (OSError, ssl.SSLError) as exc:
            parser.error(f"--ca-file {args.ca_file}: {exc.strerror or exc}")
    return args


def host_port(host, port):
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def subscribe_uri(address, accounts, since, tokens=(), secure=False):
    """The /subscribe URI; `tokens` are the keys sent as token parameters (not the header's)."""
    parameters = [("account", a) for a in accounts]
    if since is not None:
        parameters.append(("since", str(since)))
    parameters.extend(("token", t) for t in tokens)
    query = urllib.parse.urlencode(parameters, safe=",")
    scheme = "wss" if secure else "ws"
    return f"{scheme}://{address}/subscribe" + (f"?{query}" if query else "")


def args_uri(args, address, since):
    return subscribe_uri(address, args.accounts, since, args.tokens[1:], args.ssl is not None)


def authorization_headers(tokens):
    return [("Authorization", f"Bearer {tokens[0]}")] if tokens else []


def describe_os_error(exc):
    if isinstance(exc, socket.gaierror) or exc.errno is None:
        return exc.strerror or str(exc)
    return os.strerror(exc.errno).lower()


def print_line(text):
    print(text, flush=True)


def report(text):
    print(f"{PROG}: {text}", file=sys.stderr, flush=True)


async def connect(uri, address, args):
    """Opens the WebSocket; raises TransientFailure or Failure with a one-line reason (never
    the URI, which may hold keys). A 401/403 refusal (missing or wrong key) is a Failure: trying
    again with the same keys cannot help."""
    try:
        return await websockets.connect(
            uri,
            create_protocol=RecordingProtocol,
            max_size=MAX_FRAME_BYTES,
            close_timeout=CLOSE_TIMEOUT_SECONDS,
            extra_headers=authorization_headers(args.tokens),
            ssl=args.ssl,
        )
    except SubscriptionRefused as exc:
        body = exc.body.decode("utf-8", errors="replace").strip()
        detail = f"{exc.status_line} {body}".strip()
        failure = TransientFailure if exc.status_code in TRANSIENT_HTTP_STATUSES else Failure
        raise failure(f"{address} refused the subscription: {detail}") from None
    except websockets.InvalidURI as exc:
        raise Failure(f"invalid address {address}: {exc}") from None
    except InvalidMessage as exc:  # the connection ended during the handshake
        raise TransientFailure(f"WebSocket handshake with {address} failed: {exc}") from None
    except websockets.InvalidHandshake as exc:
        raise Failure(f"WebSocket handshake with {address} failed: {exc}") from None
    except asyncio.TimeoutError:
        raise TransientFailure(f"cannot connect to {address}: timed out") from None
    except ssl.SSLCertVerificationError as exc:
        raise Failure(
            f"TLS handshake with {address} failed: certificate not trusted by --ca-file "
            f"({exc.verify_message})"
        ) from None
    except ssl.SSLError as exc:
        raise TransientFailure(f"TLS handshake with {address} failed: {exc.reason}") from None
    except socket.gaierror as exc:
        failure = TransientFailure if exc.errno == socket.EAI_AGAIN else Failure
        raise failure(f"cannot connect to {address}: {describe_os_error(exc)}") from None
    except OSError as exc:
        raise TransientFailure(f"cannot connect to {address}: {describe_os_error(exc)}") from None


class EventPrinter:
    """Prints event frames on stdout and remembers the last seq printed, where a reconnect
    resumes."""

    def __init__(self, since):
        self.last_seq = since  # None: nothing printed and no --since

    def handle(self, message):
        if isinstance(message, bytes):
            message = message.decode("utf-8", errors="replace")
        try:
            frame = json.loads(message)
        except ValueError:
            frame = None
        if isinstance(frame, dict) and set(frame) == {"truncated_before"}:
            report(
                f"events before seq {frame['truncated_before']} were deleted by retention "
                "before they could be delivered; continuing with the oldest kept events"
            )
            return
        seq = frame.get("seq") if isinstance(frame, dict) else None
        if isinstance(seq, int) and not isinstance(seq, bool):
            if self.last_seq is not None and seq <= self.last_seq:
                return  # already printed before a reconnect
            self.last_seq = seq
        print_line(message)


async def print_until_closed(ws, printer):
    """Prints frames until the connection closes; returns (close code, reason)."""
    try:
        async for message in ws:
            printer.handle(message)
    except websockets.ConnectionClosed:
        pass  # ws.close_code and ws.close_reason are set either way.
    except asyncio.CancelledError:  # Ctrl-C: leave with a close handshake, not a timeout.
        await ws.close(1001, "client interrupted")
        raise
    code, reason = ws.close_code, ws.close_reason
    if code == 1006:
        reason = "connection lost without a close frame"
    return code, reason


def describe_close(code, reason):
    return f"connection closed: code {code}" + (f" ({reason})" if reason else "")


class Backoff:
    """Exponential reconnect delays with jitter; reset after each successful connection."""

    def __init__(self):
        self.reset()

    def reset(self):
        self._nominal = RECONNECT_FIRST_DELAY_SECONDS

    def next_delay(self):
        delay = self._nominal * random.uniform(1 - RECONNECT_JITTER, 1 + RECONNECT_JITTER)
        self._nominal = min(self._nominal * 2, RECONNECT_MAX_DELAY_SECONDS)
        return delay


async def reconnect(args, address, printer, problem):
    """Reconnects after `problem` (a one-line description of the drop), resuming after the last
    event printed. Returns the new connection, or None once --max-retries attempts have failed.
    Raises Failure when an attempt is refused for good (400, 404, ...)."""
    backoff = Backoff()
    attempts = 0
    while True:
        if args.max_retries is not None and attempts >= args.max_retries:
            report(f"{problem}; giving up after {attempts} reconnect attempts (--max-retries)")
            return None
        delay = backoff.next_delay()
        report(f"{problem}; reconnecting in {delay:.1f} s")
        await asyncio.sleep(delay)
        attempts += 1
        uri = args_uri(args, address, printer.last_seq)
        try:
            ws = await connect(uri, address, args)
        except TransientFailure as exc:
            problem = f"reconnect failed: {exc}"
            continue
        resumed = "live events only" if printer.last_seq is None else f"after seq {printer.last_seq}"
        report(f"reconnected to {address}, resuming {resumed}")
        return ws


async def stream_events(args, address):
    printer = EventPrinter(args.since)
    # The first connection is not retried: a wrong address, port or filter is reported at once.
    ws = await connect(args_uri(args, address, args.since), address, args)
    print_line("--- response header ---")
    print_line(ws.status_line)
    for name, value in ws.response_headers.raw_items():
        print_line(f"{name}: {value}")
    print_line("-----------------------")
    while True:
        code, reason = await print_until_closed(ws, printer)
        if code in FINAL_CLOSE_CODES:
            report(describe_close(code, reason))
            return 0 if code == 1000 else 1
        ws = await reconnect(args, address, printer, describe_close(code, reason))
        if ws is None:
            return 1


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `client.py | head` ends quietly.
    args = parse_args()
    address = host_port(args.host, args.port)
    try:
        return asyncio.run(stream_events(args, address))
    except Failure as exc:
        report(str(exc))
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

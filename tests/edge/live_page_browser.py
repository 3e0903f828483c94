#!/usr/bin/python3
"""Drives beacon-edge's live page (GET /) in headless Chromium over the DevTools protocol.

Run by tests/edge/live_page_test.cc against a real beacon-core and beacon-edge:

  live_page_browser.py CHROMIUM EDGE_PORT WORK_DIR SCREENSHOT SCENARIO

SCENARIO is `basic` (subscribe, events shown as text, counters, pause, clear, the row and pause
bounds) or `resume` (the test restarts the core while the page is subscribed: the page must
reconnect with since= and show the event posted meanwhile). WORK_DIR is an empty folder the
caller removes: Chromium's profile goes there, and in `resume` the hand-over file (see
scenario_resume). SCREENSHOT is the PNG written during the scenario, or when a check fails.
Every wait is bounded; one `ok: ...` line per step on stdout; exit 0 when every check held, 1
with the reason on stderr otherwise. Chromium is killed at the end, and also if this script dies
(PDEATHSIG).
"""
import asyncio
import base64
import ctypes
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

import websockets

WAIT_S = 15  # any single wait for the page
SCENARIO_S = 85  # the whole run; the C++ test waits a little longer for this script


class Failure(Exception):
    pass


def die_with_parent():
    # Runs in the Chromium child before exec: SIGKILL it when this script goes away, even if
    # the test kills this script without letting it clean up.
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


class Browser:
    """One headless Chromium with one page, driven through a flattened DevTools session."""

    def __init__(self, chromium, work_dir):
        self.work_dir = work_dir
        self.profile = os.path.join(work_dir, "chromium-profile")
        self.log_path = os.path.join(work_dir, "chromium.log")
        self.chromium = chromium
        self.process = None
        self.connection = None
        self.reader = None
        self.session = None
        self.next_id = 0
        self.replies = {}

    async def start(self):
        os.makedirs(self.profile)
        # Chromium also makes a folder in TMPDIR (its singleton socket): keep it in work_dir too.
        tmp = os.path.join(self.work_dir, "tmp")
        os.makedirs(tmp)
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [self.chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                 "--window-size=1200,900", "--user-data-dir=" + self.profile,
                 "--remote-debugging-port=0", "about:blank"],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log, preexec_fn=die_with_parent,
                env=dict(os.environ, TMPDIR=tmp))
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        deadline = time.monotonic() + 30
        while not os.path.exists(port_file) or len(open(port_file).read().splitlines()) < 2:
            if self.process.poll() is not None:
                raise Failure(f"chromium exited with {self.process.returncode}: {self.log_tail()}")
            if time.monotonic() > deadline:
                raise Failure(f"chromium wrote no DevToolsActivePort in 30 s: {self.log_tail()}")
            await asyncio.sleep(0.05)
        port, path = open(port_file).read().splitlines()[:2]
        self.connection = await websockets.connect(
            f"ws://127.0.0.1:{port}{path}", max_size=None, open_timeout=10, ping_interval=None)
        self.reader = asyncio.create_task(self.read_replies())
        target = await self.send("Target.createTarget", {"url": "about:blank"})
        attached = await self.send("Target.attachToTarget",
                                   {"targetId": target["targetId"], "flatten": True})
        self.session = attached["sessionId"]
        await self.send("Page.enable")
        # Records what the page's Content-Security-Policy refuses (injected scripts bypass it).
        await self.send("Page.addScriptToEvaluateOnNewDocument", {"source": """
            window.cspViolations = [];
            document.addEventListener('securitypolicyviolation',
                (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"""})

    async def read_replies(self):
        async for message in self.connection:
            reply = json.loads(message)
            future = self.replies.pop(reply.get("id"), None)
            if future is not None and not future.done():
                future.set_result(reply)

    async def send(self, method, params=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if self.session:
            message["sessionId"] = self.session
        future = asyncio.get_running_loop().create_future()
        self.replies[self.next_id] = future
        await self.connection.send(json.dumps(message))
        try:
            reply = await asyncio.wait_for(future, WAIT_S)
        except asyncio.TimeoutError:
            raise Failure(f"no DevTools answer to {method} in {WAIT_S} s") from None
        if "error" in reply:
            raise Failure(f"DevTools {method}: {reply['error']}")
        return reply["result"]

    async def evaluate(self, expression):
        result = await self.send("Runtime.evaluate",
                                 {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise Failure(f"page script failed: {expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def wait_for(self, expression, what, timeout=WAIT_S):
        deadline = time.monotonic() + timeout
        while True:
            value = await self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                status = await self.evaluate("document.getElementById('status')?.textContent")
                raise Failure(f"timed out after {timeout} s waiting for {what} "
                              f"(page status: {status!r})")
            await asyncio.sleep(0.05)

    async def screenshot(self, path):
        shot = await self.send("Page.captureScreenshot", {"format": "png"})
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(base64.b64decode(shot["data"]))

    def log_tail(self):
        try:
            with open(self.log_path, errors="replace") as f:
                return f.read()[-2000:]
        except OSError:
            return "(no log)"

    async def close(self):
        if self.reader:
            self.reader.cancel()
        if self.connection:
            try:
                await asyncio.wait_for(self.connection.close(), 5)
            except Exception:
                pass
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


class Edge:
    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"

    def post(self, account, data):
        """POST /tracking/{account}; the stored event (its seq as a decimal string)."""
        request = urllib.request.Request(
            f"{self.base}/tracking/{account}", data=json.dumps({"data": data}).encode(),
            headers={"Content-Type": "application/json"}, method="POST")
        with urllib.request.urlopen(request, timeout=10) as reply:
            event = json.loads(reply.read())
        event["seq"] = str(event["seq"])
        return event


def js(value):
    return json.dumps(value)


def step(text):
    print("ok:", text, flush=True)


# Expressions about the page.
ROW_COUNT = "document.querySelectorAll('#events tr').length"
TOTAL = "Number(document.getElementById('total').textContent)"


def row(seq):
    return f"document.querySelector('#events tr[data-seq=\"{seq}\"]')"


def click(element_id):
    return f"document.getElementById({js(element_id)}).click()"


async def load_and_subscribe(page, edge, accounts):
    await page.send("Page.navigate", {"url": edge.base + "/"})
    await page.wait_for("document.readyState === 'complete' && !!document.getElementById('events')",
                        "the page to load")
    title = await page.evaluate("document.title")
    if "Beacon" not in title:
        raise Failure(f"unexpected title {title!r}")
    await page.evaluate(f"document.getElementById('accounts').value = {js(accounts)}")
    await page.evaluate(click("subscribe"))
    await page.wait_for("document.getElementById('status').dataset.state === 'open'",
                        "the subscription to open")
    step(f"loaded {edge.base}/ and subscribed to {accounts}")


async def expect_row(page, event, timeout=WAIT_S):
    await page.wait_for(f"!!{row(event['seq'])}", f"the row of seq {event['seq']}", timeout)
    cells = await page.evaluate(f"[...{row(event['seq'])}.cells].map((c) => c.textContent)")
    if cells[0] != event["seq"] or cells[1] != event["account_id"] or cells[3] != event["data"]:
        raise Failure(f"row of seq {event['seq']} shows {cells}, expected {event}")


async def scenario_basic(page, edge, screenshot):
    await load_and_subscribe(page, edge, "celtra")

    first = edge.post("celtra", "hello from the browser test")
    await expect_row(page, first)
    await page.wait_for(f"{TOTAL} === 1", "the total to count 1 event")
    step(f"event seq {first['seq']} shown with its data; total 1")

    burst = [edge.post("celtra", f"burst {i}") for i in range(5)]
    await page.wait_for("Number(document.getElementById('rate').textContent) >= 1",
                        "the events/s counter to move", timeout=5)
    await expect_row(page, burst[-1])
    newest = await page.evaluate("document.querySelector('#events tr').dataset.seq")
    if newest != burst[-1]["seq"]:
        raise Failure(f"first row is seq {newest}, expected the newest {burst[-1]['seq']}")
    step("events/s counter moved; newest event on top")

    payload = '<img src=x onerror="window.xss=1"><b>not bold</b>'
    html = edge.post("celtra", payload)
    await expect_row(page, html)
    elements = await page.evaluate(
        f"{row(html['seq'])}.cells[3].childElementCount + "
        "document.querySelectorAll('#events img, #events b').length")
    if elements != 0 or await page.evaluate("window.xss !== undefined"):
        raise Failure("an HTML payload became elements in the page")
    step("HTML payload shown as literal text, no element created")

    await page.evaluate(click("pause"))
    total = await page.evaluate(TOTAL)
    held = edge.post("celtra", "posted while paused")
    await page.wait_for(f"{TOTAL} === {total + 1}", "the total to count while paused")
    await page.wait_for("document.getElementById('pending').textContent === '1'",
                        "the paused page to show 1 event waiting")
    await asyncio.sleep(0.3)  # longer than the page's batching delay
    if await page.evaluate(f"!!{row(held['seq'])}"):
        raise Failure("a row was added while paused")
    await page.evaluate(click("pause"))  # now labelled Resume
    await expect_row(page, held)
    step("pause counts without adding rows; resume shows the held event")

    await page.screenshot(screenshot)
    step(f"screenshot saved to {screenshot}")

    await page.evaluate(click("clear"))
    if await page.evaluate(ROW_COUNT) != 0 or await page.evaluate(TOTAL) != 0:
        raise Failure("clear left rows or a non-zero total")
    after = edge.post("celtra", "after clear")
    await expect_row(page, after)
    if await page.evaluate(ROW_COUNT) != 1:
        raise Failure("expected only the event posted after clear")
    step("clear empties the list; new events keep coming")

    await page.evaluate(click("unsubscribe"))
    await page.wait_for("document.getElementById('status').dataset.state === 'idle'",
                        "the page to unsubscribe")
    step("unsubscribed")
    await check_bounds(page)


async def check_bounds(page):
    """Feeds the page's frame handler directly (600 frames is more than a test should POST),
    with seqs above 2^53, which only the page's exact seq parsing keeps."""
    base = 2**53 + 1
    feed = ("for (let i = 1; i <= 600; i++) onFrame('{\"account_id\":\"celtra\",\"timestamp\":1,'"
            f" + '\"data\":\"bulk ' + i + '\",\"seq\":' + (BigInt('{base}') + BigInt(i)) + '}}')")
    await page.evaluate(click("clear"))
    await page.evaluate(feed)
    await page.wait_for(f"{ROW_COUNT} === 500", "500 rows")
    await asyncio.sleep(0.3)  # longer than the page's batching delay
    top = await page.evaluate("document.querySelector('#events tr').dataset.seq")
    bottom = await page.evaluate("document.querySelector('#events tr:last-child').dataset.seq")
    if (await page.evaluate(ROW_COUNT), top, bottom) != (500, str(base + 600), str(base + 101)):
        raise Failure(f"after 600 events: rows {await page.evaluate(ROW_COUNT)}, "
                      f"seqs {top} .. {bottom}")
    step("600 events keep the newest 500 rows, seqs above 2^53 exact")

    await page.evaluate(click("pause"))
    await page.evaluate(feed.replace("bulk", "paused"))
    await page.wait_for("document.getElementById('pending').textContent === '500 (+100 dropped)'",
                        "500 waiting and 100 dropped while paused")
    if await page.evaluate(f"{TOTAL} !== 1200 || !!document.querySelector('#events tr')"
                           ".cells[3].textContent.startsWith('paused')"):
        raise Failure("pausing did not count, or added rows")
    await page.evaluate(click("pause"))
    await page.wait_for("document.querySelector('#events tr').cells[3].textContent "
                        "=== 'paused 600'", "the newest held event on top after resuming")
    if await page.evaluate(ROW_COUNT) != 500:
        raise Failure("more than 500 rows after resuming")
    step("paused: at most 500 wait, the oldest dropped and counted; resume shows the newest")


async def wait_for_file(path, what, timeout):
    deadline = time.monotonic() + timeout
    while not os.path.exists(path):
        if time.monotonic() > deadline:
            raise Failure(f"timed out after {timeout} s waiting for {what}")
        await asyncio.sleep(0.05)
    return open(path).read()


async def scenario_resume(page, edge, work_dir, screenshot):
    """Hand-over with the C++ test: this script prints `restart the core` once an event is
    shown; the test restarts the core, posts one event through the edge and writes that
    event's JSON to WORK_DIR/posted.json."""
    await load_and_subscribe(page, edge, "celtra")
    before = edge.post("celtra", "before the restart")
    await expect_row(page, before)
    step(f"event seq {before['seq']} shown")
    print("restart the core", flush=True)
    await page.wait_for("document.getElementById('notices').textContent.includes('closed: 1012')",
                        "the 1012 close to be shown")
    step("the 1012 close is shown")
    posted = json.loads(await wait_for_file(os.path.join(work_dir, "posted.json"),
                                            "the test to post after the restart", 60))
    posted["seq"] = str(posted["seq"])
    # The page may be waiting out its longest reconnect delay (10 s + jitter) by now.
    await expect_row(page, posted, timeout=30)
    await page.wait_for(
        f"document.getElementById('notices').textContent"
        f".includes('resuming after seq {before['seq']}')", "the resume notice")
    seqs = await page.evaluate("[...document.querySelectorAll('#events tr')]"
                               ".map((r) => r.dataset.seq)")
    if seqs != [posted["seq"], before["seq"]]:
        raise Failure(f"rows after the restart: {seqs}")
    step(f"reconnected with since={before['seq']}; event seq {posted['seq']} shown, no duplicate")
    await page.screenshot(screenshot)
    step(f"screenshot saved to {screenshot}")


async def run(chromium, port, work_dir, screenshot, scenario):
    page = Browser(chromium, work_dir)
    edge = Edge(port)
    try:
        await page.start()
        if scenario == "basic":
            await scenario_basic(page, edge, screenshot)
        elif scenario == "resume":
            await scenario_resume(page, edge, work_dir, screenshot)
        else:
            raise Failure(f"unknown scenario {scenario}")
        violations = await page.evaluate("window.cspViolations")
        if violations:
            raise Failure(f"Content-Security-Policy violations: {violations}")
        step("no Content-Security-Policy violation")
    except Failure:
        if screenshot and page.session:
            try:  # what the page showed when the check failed
                await page.screenshot(screenshot)
                print(f"screenshot of the failure saved to {screenshot}", file=sys.stderr)
            except Exception:
                pass
        raise
    finally:
        await page.close()


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    chromium, port, work_dir, screenshot, scenario = sys.argv[1:]
    try:
        asyncio.run(asyncio.wait_for(run(chromium, port, work_dir, screenshot, scenario),
                                     SCENARIO_S))
    except asyncio.TimeoutError:
        print(f"live_page_browser.py: gave up after {SCENARIO_S} s", file=sys.stderr)
        sys.exit(1)
    except (Failure, OSError, websockets.exceptions.WebSocketException) as e:
        print(f"live_page_browser.py: {e}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()

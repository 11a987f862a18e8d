// Headless-browser test of the operator dashboard against the real server:
// the figures the page shows must be exactly what GET /stats reports, and a
// missing token must produce the 401 message.
//
// usage: node dashboard_test.mjs /path/to/interview-server
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const TOKEN = "test-token";
const CANDIDATES = 5;
const SESSION_LIMIT = 2;  // so 5 candidates give 2 slots in use and 3 waiting
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

const binary = process.argv[2];
if (!binary) {
  console.error("usage: node dashboard_test.mjs /path/to/interview-server");
  process.exit(2);
}

let passed = 0;
let failed = 0;
function check(ok, what, detail = "") {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "ok  " : "FAIL"} ${what}${!ok && detail ? ` — ${detail}` : ""}`);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(what, fn, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
}

// Starts the server on a free port and resolves with its base URL once it
// prints "listening on http://127.0.0.1:PORT".
function startServer(dataDir) {
  const child = spawn(binary, [], {
    env: {
      ...process.env,
      HOST: "127.0.0.1",
      PORT: "0",
      DATA_DIR: dataDir,
      ADMIN_TOKEN: TOKEN,
      SESSION_LIMIT: String(SESSION_LIMIT),
      STORE: "embedded",
      LLM_PROVIDER: "offline",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = [];
  const keep = (chunk) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stderr.on("data", keep);
  const ready = new Promise((resolve, reject) => {
    let buffer = "";
    child.stdout.on("data", (chunk) => {
      keep(chunk);
      buffer += chunk.toString();
      const m = buffer.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) resolve(`http://127.0.0.1:${m[1]}`);
    });
    child.on("exit", (code, signal) => reject(new Error(`server exited early (${code ?? signal}):\n${output.join("")}`)));
    setTimeout(() => reject(new Error(`server did not report its port:\n${output.join("")}`)), 20000);
  });
  return { child, ready, output };
}

async function stats(base, token = TOKEN) {
  const res = await fetch(`${base}/stats`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw new Error(`GET /stats -> ${res.status}`);
  return res.json();
}

async function createCandidate(base, i) {
  const form = new FormData();
  form.set("first_name", `Ada${i}`);
  form.set("last_name", "Lovelace");
  form.set("email", `ada${i}@example.com`);
  form.set("phone", `+1555000${i}`);
  const resume = `Ada Lovelace ${i}\nFull stack engineer: React, FastAPI, Google Cloud.\n`;
  form.set("resume", new Blob([resume], { type: "text/plain" }), `resume${i}.txt`);
  const res = await fetch(`${base}/users/`, { method: "POST", body: form });
  const body = await res.json();
  if (res.status !== 200 || !body.user_id) throw new Error(`POST /users/ -> ${res.status} ${JSON.stringify(body)}`);
  return body.user_id;
}

const text = (page, sel) => page.locator(sel).textContent();

let running = null;  // the server, for the watchdog

async function main() {
  const temp = mkdtempSync(join(tmpdir(), "dashboard-test-"));
  const server = startServer(join(temp, "data"));
  running = server.child;
  let context;
  try {
    const base = await server.ready;

    // Candidates: the in-process join places the first SESSION_LIMIT and queues the rest.
    const ids = [];
    for (let i = 0; i < CANDIDATES; i++) ids.push(await createCandidate(base, i));
    await until("every candidate placed", async () => {
      for (const id of ids) {
        const s = await (await fetch(`${base}/status/${id}`)).json();
        if (s.status !== "in_session" && s.status !== "waiting") return false;
      }
      return true;
    });
    const expected = await stats(base);
    const inUse = expected?.coordinator?.slots_in_use;
    const queue = expected?.coordinator?.queue_length;
    check(inUse === SESSION_LIMIT && queue === CANDIDATES - SESSION_LIMIT,
          "GET /stats reports the placements", `slots_in_use=${inUse} queue_length=${queue}`);
    const unauthorized = await fetch(`${base}/stats`);
    check(unauthorized.status === 401, "GET /stats without a token is refused", `status ${unauthorized.status}`);

    context = await chromium.launchPersistentContext(join(temp, "profile"), {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    // Nothing but the server may be contacted.
    await context.route((url) => !url.href.startsWith(base), (route) => route.abort());

    // Token in the fragment: the figures appear and equal /stats.
    const page = await context.newPage();
    const pageErrors = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    const adminRes = await page.goto(`${base}/admin#token=${TOKEN}`);
    check(adminRes.status() === 200 && (adminRes.headers()["content-type"] || "").startsWith("text/html"),
          "GET /admin serves HTML", `${adminRes.status()} ${adminRes.headers()["content-type"]}`);
    await page.waitForFunction(() => /^\d+$/.test(document.getElementById("slots-in-use").textContent), null,
                               { timeout: 10000 });
    const now = await stats(base);
    check(await text(page, "#slots-in-use") === String(now.coordinator.slots_in_use),
          "#slots-in-use shows coordinator.slots_in_use",
          `page "${await text(page, "#slots-in-use")}" vs ${now.coordinator.slots_in_use}`);
    check(await text(page, "#queue-length") === String(now.coordinator.queue_length),
          "#queue-length shows coordinator.queue_length",
          `page "${await text(page, "#queue-length")}" vs ${now.coordinator.queue_length}`);
    check(await text(page, "#slots-total") === String(now.coordinator.slots_total),
          "#slots-total shows coordinator.slots_total", await text(page, "#slots-total"));
    const uptime = await text(page, "#uptime");
    check(/^(\d+[dhm] )*\d+s$/.test(uptime), "#uptime shows the process uptime", uptime);
    check(await page.evaluate(() => location.hash === ""), "the token is removed from the address bar");
    check(!(await page.locator("#banner").isVisible()), "no error banner with a valid token",
          await text(page, "#banner"));

    // The page refreshes by itself: one more candidate shows up in the queue.
    ids.push(await createCandidate(base, CANDIDATES));
    const grown = await until("the queue to grow", async () => {
      const s = await stats(base);
      return s.coordinator.queue_length === queue + 1 ? s : false;
    });
    const refreshed = await page.waitForFunction(
      (want) => document.getElementById("queue-length").textContent === want,
      String(grown.coordinator.queue_length), { timeout: 6000 }).then(() => true, () => false);
    check(refreshed, "the page refreshes itself within one period",
          `page "${await text(page, "#queue-length")}" vs ${grown.coordinator.queue_length}`);
    check(pageErrors.length === 0, "no JavaScript errors", pageErrors.join("; "));

    // No token: a clear 401 message and no figures.
    const anonymous = await context.newPage();
    await anonymous.goto(`${base}/admin`);
    const banner = anonymous.locator("#banner");
    const shown = await banner.waitFor({ state: "visible", timeout: 10000 }).then(() => true, () => false);
    const message = shown ? await banner.textContent() : "";
    check(shown && /401/.test(message) && /token/i.test(message), "without a token the page shows the 401 message",
          message);
    check(await text(anonymous, "#slots-in-use") === "–", "without a token no figure is shown");

    // Typing the token into the field recovers.
    await anonymous.fill("#token-input", TOKEN);
    await anonymous.click("#token-save");
    const recovered = await anonymous.waitForFunction(
      () => /^\d+$/.test(document.getElementById("queue-length").textContent), null, { timeout: 6000 })
      .then(() => true, () => false);
    check(recovered && !(await banner.isVisible()), "a token typed into the field is used");
  } finally {
    if (context) await context.close().catch(() => {});
    server.child.kill("SIGTERM");
    await Promise.race([new Promise((r) => server.child.once("exit", r)), sleep(10000)]);
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGKILL");
    rmSync(temp, { recursive: true, force: true });
  }
}

const watchdog = setTimeout(() => {
  console.error("dashboard test: overall timeout");
  if (running) running.kill("SIGKILL");
  process.exit(1);
}, 180000);
try {
  await main();
} catch (e) {
  failed++;
  console.log(`FAIL ${e.message}`);
}
clearTimeout(watchdog);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);

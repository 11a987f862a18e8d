// Headless-browser test of the operator dashboard against the real server:
// the figures the page shows must be exactly what GET /stats reports, and a
// missing token must produce the 401 message.
//
// usage: node dashboard_test.mjs /path/to/interview-server
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { check, until, startServer, stopServer, createCandidate, launchBrowser, text, runTest }
  from "./dashboard_support.mjs";

const TOKEN = "test-token";
const CANDIDATES = 5;
const SESSION_LIMIT = 2;  // so 5 candidates give 2 slots in use and 3 waiting

const binary = process.argv[2];
if (!binary) {
  console.error("usage: node dashboard_test.mjs /path/to/interview-server");
  process.exit(2);
}

async function stats(base, token = TOKEN) {
  const res = await fetch(`${base}/stats`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw new Error(`GET /stats -> ${res.status}`);
  return res.json();
}

let running = null;  // the server, for the watchdog

async function main() {
  const temp = mkdtempSync(join(tmpdir(), "dashboard-test-"));
  const server = startServer(binary, join(temp, "data"), { ADMIN_TOKEN: TOKEN, SESSION_LIMIT: String(SESSION_LIMIT) });
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

    // Nothing but the server may be contacted.
    context = await launchBrowser(temp, base);

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
    await stopServer(server);
    rmSync(temp, { recursive: true, force: true });
  }
}

await runTest("dashboard test", main, () => running);

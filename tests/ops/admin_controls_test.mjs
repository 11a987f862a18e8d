// Headless-browser test of the operator controls on /admin against the real
// server: pause, end a session while paused (nobody promoted), resume (the next
// in line promoted), set the slot count, remove a candidate from the queue, an
// error answer shown with its detail, the audit table equal to
// GET /admin/api/audit (newest first), and a page without the token refused.
//
// usage: node admin_controls_test.mjs /path/to/interview-server
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { check, until, startServer, stopServer, placedCandidate, statusOf, launchBrowser, text, runTest }
  from "./dashboard_support.mjs";

const TOKEN = "controls-token";
const binary = process.argv[2];
if (!binary) {
  console.error("usage: node admin_controls_test.mjs /path/to/interview-server");
  process.exit(2);
}

async function api(base, path, token = TOKEN) {
  const res = await fetch(`${base}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw new Error(`GET ${path} -> ${res.status}`);
  return res.json();
}

// Waits until #admin-result shows an answer containing `want`; returns its text.
async function resultShows(page, want) {
  await page.waitForFunction((w) => document.getElementById("admin-result").textContent.includes(w), want,
                             { timeout: 10000 }).catch(() => {});
  return text(page, "#admin-result");
}

let running = null;

async function main() {
  const temp = mkdtempSync(join(tmpdir(), "admin-controls-test-"));
  const server = startServer(binary, join(temp, "data"), { ADMIN_TOKEN: TOKEN, SESSION_LIMIT: "1" });
  running = server.child;
  let context;
  try {
    const base = await server.ready;
    const a = await placedCandidate(base, 0);
    const w1 = await placedCandidate(base, 1);
    const w2 = await placedCandidate(base, 2);
    check((await statusOf(base, a)).status === "in_session" && (await statusOf(base, w2)).queue_number === 2,
          "one candidate in session, two waiting");

    context = await launchBrowser(temp, base);
    const page = await context.newPage();
    const pageErrors = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    // The destructive controls ask first; the operator says yes.
    const dialogs = [];
    page.on("dialog", (d) => { dialogs.push(d.message()); d.accept(); });
    await page.goto(`${base}/admin#token=${TOKEN}`);
    await page.waitForFunction(() => document.getElementById("admission-state").textContent === "admitting", null,
                               { timeout: 10000 });
    check(await text(page, "#admission-limit") === "1" && await text(page, "#admission-configured") === "1",
          "the card shows the slot count in force and the configured one");
    check(await page.locator("#admin-resume").isDisabled(), "Resume is disabled while admitting");

    // Pause.
    await page.click("#admin-pause");
    const paused = await resultShows(page, "paused");
    check(/Admissions paused/.test(paused), "Pause answers on the page", paused);
    check((await api(base, "/admin/api/admission")).paused === true, "the store says paused");
    await page.waitForFunction(() => /paused/.test(document.getElementById("admission-state").textContent), null,
                               { timeout: 5000 }).catch(() => {});
    check(/paused/.test(await text(page, "#admission-state")), "the card shows paused", await text(page, "#admission-state"));

    // End the running session while paused: its slot stays free.
    await page.fill("#admin-end-user", a);
    await page.click("#admin-end-button");
    const ended = await resultShows(page, "ended");
    check(ended.includes(`Session of ${a} ended`) && !ended.includes("promoted"), "End session answers, nobody promoted", ended);
    check(dialogs.length === 1 && dialogs[0].includes(a), "End session asked for confirmation", dialogs.join(" | "));
    check((await statusOf(base, a)).status === "session_over", "the ended candidate's session is over");
    check((await statusOf(base, w1)).status === "waiting", "while paused the freed slot goes to nobody");

    // Resume: the next in line gets the free slot.
    await page.click("#admin-resume");
    const resumed = await resultShows(page, "resumed");
    check(resumed.includes(`promoted ${w1}`), "Resume promotes the next in line", resumed);
    check((await statusOf(base, w1)).status === "in_session", "the promoted candidate is in session");

    // Raise the slot count.
    await page.fill("#admin-slots-input", "2");
    await page.click("#admin-slots-set");
    const raised = await resultShows(page, "Slots set to 2");
    check(raised.includes(`promoted ${w2}`), "raising the slot count promotes at once", raised);
    check((await api(base, "/admin/api/admission")).session_limit === 2, "the store holds the new slot count");
    await page.waitForFunction(() => document.getElementById("admission-limit").textContent === "2", null,
                               { timeout: 5000 }).catch(() => {});
    check(await text(page, "#admission-limit") === "2", "the card shows the new slot count");

    // Remove a waiting candidate from the queue.
    const w3 = await placedCandidate(base, 3);
    check((await statusOf(base, w3)).status === "waiting", "a new candidate waits (both slots taken)");
    await page.fill("#admin-dequeue-user", w3);
    await page.click("#admin-dequeue-button");
    const removed = await resultShows(page, "removed from the queue");
    check(removed.includes(w3), "Remove answers on the page", removed);
    const s3 = await statusOf(base, w3);
    check(s3.status === "idle" && s3.queue_number === 0, "the removed candidate is idle", JSON.stringify(s3));

    // A refusal shows the server's detail and changes nothing.
    const before = (await api(base, "/admin/api/audit")).entries.length;
    await page.fill("#admin-end-user", "f".repeat(32));
    await page.click("#admin-end-button");
    const refused = await resultShows(page, "HTTP 404");
    check(refused.includes("HTTP 404: User not found"), "an unknown candidate shows the 404 detail", refused);
    check(await page.locator("#admin-result.error").count() === 1, "the refusal is marked as an error");
    check((await api(base, "/admin/api/audit")).entries.length === before, "a refusal leaves no audit entry");

    // The audit table is GET /admin/api/audit, newest first.
    const log = (await api(base, "/admin/api/audit")).entries;
    check(log.map((e) => e.action).join(",") === "remove_from_queue,set_slots,resume,end_session,pause",
          "five audited actions, newest first", log.map((e) => e.action).join(","));
    check(log.every((e) => e.client === "127.0.0.1"), "each entry names the client address");
    await page.waitForFunction((n) => document.querySelectorAll("#audit-rows tr").length === n, log.length,
                               { timeout: 6000 }).catch(() => {});
    const rows = await page.$$eval("#audit-rows tr", (trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
    check(rows.length === log.length && rows.every((r, i) => r[1] === log[i].action && r[4] === log[i].client),
          "the audit table lists the entries as the API does", JSON.stringify(rows));
    check(rows[0][2] === w3 && rows[3][2] === a, "the table names the candidates acted on", JSON.stringify(rows));

    // Without the token the controls are refused with the 401 detail.
    const anonymous = await context.newPage();
    await anonymous.goto(`${base}/admin`);
    await anonymous.click("#admin-pause");
    const denied = await resultShows(anonymous, "HTTP 401");
    check(denied.startsWith("HTTP 401"), "without a token a control shows the 401", denied);
    check((await api(base, "/admin/api/admission")).paused === false, "the refused click changed nothing");
    check(pageErrors.length === 0, "no JavaScript errors", pageErrors.join("; "));
  } finally {
    if (context) await context.close().catch(() => {});
    await stopServer(server);
    rmSync(temp, { recursive: true, force: true });
  }
}

await runTest("admin controls test", main, () => running);

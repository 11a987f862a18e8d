// Headless-browser test of the candidate pages on /admin against the real
// server (issue 14, item 3): the list newest first as GET /admin/api/candidates
// answers it, the status filter, paging (Older/Newer), a candidate's record
// after an interview with the offline interviewer (profile, transcript, SWOT,
// who answered), the resume downloaded through the page byte-identical to the
// uploaded file, print media showing only the record, and a page without the
// token refused with the 401 detail.
//
// usage: node candidate_pages_test.mjs /path/to/interview-server
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { check, until, sleep, startServer, stopServer, createCandidate, launchBrowser, text, runTest }
  from "./dashboard_support.mjs";

const TOKEN = "candidate-pages-token";
const binary = process.argv[2];
if (!binary) {
  console.error("usage: node candidate_pages_test.mjs /path/to/interview-server");
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const PDF = readFileSync(join(here, "..", "resume", "fixtures", "resume-2page.pdf"));

async function api(base, path, init = {}) {
  const res = await fetch(`${base}${path}`, { ...init, headers: { Authorization: `Bearer ${TOKEN}`, ...(init.headers || {}) } });
  if (!res.ok) throw new Error(`${init.method || "GET"} ${path} -> ${res.status} ${await res.text()}`);
  return res.json();
}
const post = (base, path, body) =>
  api(base, path, { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } });

// A candidate with the PDF who is interviewed (one answer) until the session is over and the SWOT is made.
async function interviewed(base) {
  const form = new FormData();
  form.set("first_name", "Grace");
  form.set("last_name", "Hopper");
  form.set("email", "grace@example.com");
  form.set("phone", "+1 555 0199");
  form.set("resume", new Blob([PDF], { type: "application/pdf" }), "My CV.pdf");
  const res = await fetch(`${base}/users/`, { method: "POST", body: form });
  const created = await res.json();
  if (res.status !== 200) throw new Error(`POST /users/ -> ${res.status} ${JSON.stringify(created)}`);
  const id = created.user_id;
  await until("the interviewed candidate in session", async () => (await post(base, "/users/join", { user_id: id })).status === "in_session");
  await post(base, "/interview/start", { user_id: id });
  await post(base, "/interview/respond", { user_id: id, user_response: "I led the migration of our React app to Google Cloud Run." });
  await sleep(3300);
  const closing = await post(base, "/interview/respond", { user_id: id, user_response: "" });
  if (closing.status !== "session_over") throw new Error(`closing step: ${JSON.stringify(closing)}`);
  await until("the SWOT", async () => (await fetch(`${base}/swot/${id}`)).status === 200);
  return id;
}

const rowIds = (page) => page.$$eval("#candidates-rows tr.candidate-row", (trs) => trs.map((tr) => tr.dataset.id));
async function loaded(page) {
  await page.waitForFunction(() => document.getElementById("candidates-card").dataset.loaded === "yes", null, { timeout: 10000 });
}

let running = null;

async function main() {
  const temp = mkdtempSync(join(tmpdir(), "candidate-pages-test-"));
  const server = startServer(binary, join(temp, "data"),
                             { ADMIN_TOKEN: TOKEN, SESSION_SECONDS: "3", CREATE_LIMIT_PER_MINUTE: "0" });
  running = server.child;
  let context;
  try {
    const base = await server.ready;
    const graceId = await interviewed(base);
    const others = [];
    for (let i = 0; i < 21; i++) others.push(await createCandidate(base, i));
    const newestFirst = [...others].reverse().concat([graceId]);
    const all = await api(base, "/admin/api/candidates?limit=200");
    check(JSON.stringify(all.candidates.map((c) => c.user_id)) === JSON.stringify(newestFirst),
          "the API lists the 22 candidates newest first");

    context = await launchBrowser(temp, base);
    const page = await context.newPage();
    const pageErrors = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(`${base}/admin#token=${TOKEN}`);
    await loaded(page);

    // The list: newest first, as the API pages it.
    await page.selectOption("#candidates-limit", "20");
    await loaded(page);
    const first = await rowIds(page);
    check(JSON.stringify(first) === JSON.stringify(newestFirst.slice(0, 20)), "page 1 shows the 20 newest, newest first",
          JSON.stringify(first.slice(0, 3)));
    check(await page.locator("#candidates-newer").isDisabled() && !(await page.locator("#candidates-older").isDisabled()),
          "on page 1 only Older is enabled");
    await page.click("#candidates-older");
    await page.waitForFunction(() => document.getElementById("candidates-page").textContent === "page 2", null, { timeout: 10000 });
    await loaded(page);
    const second = await rowIds(page);
    check(JSON.stringify(second) === JSON.stringify(newestFirst.slice(20)), "Older shows the rest", JSON.stringify(second));
    check(await page.locator("#candidates-older").isDisabled(), "the last page has no Older");
    await page.click("#candidates-newer");
    await page.waitForFunction(() => document.getElementById("candidates-page").textContent === "page 1", null, { timeout: 10000 });
    await loaded(page);
    check(JSON.stringify(await rowIds(page)) === JSON.stringify(first), "Newer goes back to page 1");

    // The status filter.
    await page.selectOption("#candidates-status", "session_over");
    await loaded(page);
    const over = await rowIds(page);
    check(over.length === 1 && over[0] === graceId, "session over: the interviewed candidate only", JSON.stringify(over));
    const cells = await page.$$eval("#candidates-rows tr.candidate-row td", (tds) => tds.map((td) => td.textContent));
    check(cells[1] === "Grace Hopper" && cells[3] === "session over" && cells[4] === "1" && cells[5] === "ready" && cells[6] === "kept",
          "the row shows name, status, answers, SWOT and resume", JSON.stringify(cells));

    // The record.
    const record = await api(base, `/admin/api/candidates/${graceId}`);
    await page.click(`#candidates-rows tr[data-id="${graceId}"]`);
    await page.waitForSelector("#candidate-record:not([hidden])", { timeout: 10000 });
    check(await text(page, "#record-name") === "Grace Hopper", "the record names the candidate");
    check(await text(page, "#record-email") === "grace@example.com" && await text(page, "#record-phone") === "+1 555 0199",
          "profile: email and phone");
    check(await text(page, "#record-status") === "session over", "status: session over");
    check(await text(page, "#record-user-id") === graceId, "the record shows the user id");
    const turns = await page.$$eval("#record-transcript .turn", (ds) => ds.map((d) => ({ cls: d.className, text: d.textContent })));
    check(turns.length === record.transcript.length && record.transcript.length === 3, "the whole transcript, one turn per entry",
          `${turns.length} vs ${record.transcript.length}`);
    check(turns.every((t, i) => t.cls.includes(record.transcript[i].role) && t.text.includes(record.transcript[i].message)),
          "each turn shows its speaker and message as the API records them");
    check(turns[0].text.includes("Interviewer") && turns[0].text.includes("offline / rule-based-v1") &&
          turns[0].text.includes(record.transcript[0].question), "a bot turn says who answered and the question asked");
    check(turns[1].text.includes("Candidate") && turns[1].text.includes("Google Cloud Run"), "the candidate's answer is there");
    for (const k of ["strengths", "weaknesses", "opportunities", "threats"]) {
      const items = await page.$$eval(`#record-swot-${k} li`, (lis) => lis.map((li) => li.textContent));
      const want = record.swot[k].length ? record.swot[k] : ["–"];
      check(JSON.stringify(items) === JSON.stringify(want), `SWOT ${k} as stored`, JSON.stringify(items));
    }
    check((await text(page, "#record-swot-by")).includes("offline / rule-based-v1"), "the SWOT says who made it",
          await text(page, "#record-swot-by"));
    const events = await page.$$eval("#record-timeline li", (lis) => lis.map((li) => li.textContent));
    check(events.some((e) => e.includes("Registered")) && events.some((e) => e.includes("First question")),
          "the timeline has the registration and the interview", JSON.stringify(events));
    check((await text(page, "#record-resume-info")).includes(`resumes/${graceId}.pdf`) &&
          (await text(page, "#record-resume-info")).includes("application/pdf"), "the resume block names the kept file");
    check((await text(page, "#record-resume-text")).length > 20, "the extracted text is shown");

    // The download: fetched with the token, saved as a blob, byte-identical.
    const [download] = await Promise.all([page.waitForEvent("download", { timeout: 10000 }),
                                          page.click("#record-resume-download")]);
    check(download.suggestedFilename() === `resume-${graceId}.pdf`, "the download is named resume-<id>.pdf",
          download.suggestedFilename());
    const saved = readFileSync(await download.path());
    check(saved.length === PDF.length && saved.equals(PDF), "the downloaded bytes equal the uploaded file",
          `${saved.length} vs ${PDF.length} bytes`);
    await page.waitForFunction(() => document.getElementById("record-resume-result").textContent.startsWith("saved"), null,
                               { timeout: 5000 }).catch(() => {});
    check((await text(page, "#record-resume-result")).startsWith("saved as"), "the page says the file was saved");

    // Print: only the record.
    await page.emulateMedia({ media: "print" });
    const printed = async (sel) => page.locator(sel).first().isVisible();
    check(await printed("#candidate-record") && await printed("#record-transcript .turn") && await printed("#record-swot"),
          "print shows the record, its transcript and SWOT");
    const hidden = [];
    for (const sel of ["header", "#candidates-card", "#admission-card", "#record-print", "#record-close",
                       "#record-resume-download", "#token-input", "footer"])
      if (await printed(sel)) hidden.push(sel);
    check(hidden.length === 0, "print hides the header, the other sections and every control", hidden.join(", "));
    await page.emulateMedia({ media: "screen" });
    check(await printed("header") && await printed("#candidates-card"), "on screen the dashboard is back");
    await page.click("#record-close");
    check(!(await printed("#candidate-record")), "Close hides the record");

    // Without the token: the list is refused with the 401 detail.
    const anonymous = await context.newPage();
    await anonymous.goto(`${base}/admin`);
    await anonymous.waitForFunction(() => document.getElementById("candidates-result").textContent.includes("HTTP 401"), null,
                                    { timeout: 10000 }).catch(() => {});
    check((await text(anonymous, "#candidates-result")).startsWith("HTTP 401"), "without a token the list shows the 401",
          await text(anonymous, "#candidates-result"));
    check(await anonymous.locator("#candidates-rows tr.candidate-row").count() === 0, "and no candidate");
    check(pageErrors.length === 0, "no JavaScript errors", pageErrors.join("; "));
  } finally {
    if (context) await context.close().catch(() => {});
    await stopServer(server);
    rmSync(temp, { recursive: true, force: true });
  }
}

await runTest("candidate pages test", main, () => running);

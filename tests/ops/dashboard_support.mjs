// Shared pieces of the headless-browser tests of /admin (dashboard_test.mjs,
// admin_controls_test.mjs): checks, polling, the real server on a free port,
// candidates, and Debian's Chromium with every other host blocked.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

export const results = { passed: 0, failed: 0 };
export function check(ok, what, detail = "") {
  if (ok) results.passed++;
  else results.failed++;
  console.log(`${ok ? "ok  " : "FAIL"} ${what}${!ok && detail ? ` — ${detail}` : ""}`);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function until(what, fn, timeoutMs = 15000) {
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

// Starts the server on a free port; `ready` resolves with its base URL once it
// prints "listening on http://127.0.0.1:PORT".
export function startServer(binary, dataDir, env = {}) {
  const child = spawn(binary, [], {
    env: {
      ...process.env,
      HOST: "127.0.0.1",
      PORT: "0",
      DATA_DIR: dataDir,
      STORE: "embedded",
      LLM_PROVIDER: "offline",
      LOG_LEVEL: "warn",
      ...env,
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

export async function stopServer(server) {
  server.child.kill("SIGTERM");
  await Promise.race([new Promise((r) => server.child.once("exit", r)), sleep(10000)]);
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGKILL");
}

export async function createCandidate(base, i) {
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

export async function statusOf(base, id) {
  return (await fetch(`${base}/status/${id}`)).json();
}

// Creates a candidate and waits until the in-process join has placed them (the
// queue order is then the creation order).
export async function placedCandidate(base, i) {
  const id = await createCandidate(base, i);
  await until(`candidate ${i} placed`, async () => {
    const s = await statusOf(base, id);
    return s.status === "in_session" || s.status === "waiting";
  });
  return id;
}

// Debian's Chromium, headless; nothing but the server may be contacted.
export async function launchBrowser(profileDir, base) {
  const context = await chromium.launchPersistentContext(join(profileDir, "profile"), {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  await context.route((url) => !url.href.startsWith(base), (route) => route.abort());
  return context;
}

export const text = (page, sel) => page.locator(sel).textContent();

// Runs `main` under an overall watchdog and exits with the verdict.
export async function runTest(name, main, getChild, timeoutMs = 180000) {
  const watchdog = setTimeout(() => {
    console.error(`${name}: overall timeout`);
    const child = getChild();
    if (child) child.kill("SIGKILL");
    process.exit(1);
  }, timeoutMs);
  try {
    await main();
  } catch (e) {
    results.failed++;
    console.log(`FAIL ${e.message}`);
  }
  clearTimeout(watchdog);
  console.log(`${results.passed} passed, ${results.failed} failed`);
  process.exit(results.failed === 0 && results.passed > 0 ? 0 : 1);
}

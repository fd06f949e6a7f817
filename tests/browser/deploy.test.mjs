// Publishing and previewing: the site under a subpath with search, and the live preview
// (`gloss serve`) reloading pages after an edit and showing build errors in place.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { serve, launch, SITE } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("the site works under a subpath: styles, navigation and links", async () => {
  const server = await serve(SITE, "/edition/");
  const page = await browser.newPage();
  const failed = [];
  page.on("response", (r) => { if (r.status() >= 400 && !r.url().endsWith("favicon.ico")) failed.push(r.url()); });
  await page.goto(server.url);
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).fontFamily.length > 0 && !!document.styleSheets.length), true);
  await page.click("nav#contents a.chapter-link >> nth=0");
  await page.waitForURL(/\/edition\/chapter\/the-united-opposition\.html$/);
  await page.click("a.m[data-e=trotsky] >> nth=0", { noWaitAfter: false, modifiers: [] });
  await page.waitForURL(/\/edition\/person\/trotsky\.html$/);
  await page.click(".site-nav a[href$='timeline.html']");
  await page.waitForURL(/\/edition\/timeline\.html$/);
  assert.deepEqual(failed, []);
  await page.close();
  await server.close();
});

test("search finds a phrase and its result opens the paragraph that contains it", async () => {
  const server = await serve(SITE, "/edition/");
  const page = await browser.newPage();
  await page.goto(server.url + "search.html");
  await page.fill("#q", "Sancho Panza");
  await page.check("input[name=kind][value=chapter]");
  const first = page.locator(".search-result .result-title").first();
  await first.waitFor({ timeout: 10000 });
  const href = await first.getAttribute("href");
  assert.match(href, /^\/edition\/chapter\/the-united-opposition\.html#p-[0-9a-f]+/);
  await first.click();
  await page.waitForURL(/#p-/);
  const id = decodeURIComponent(new URL(page.url()).hash.slice(1));
  const text = await page.locator(`[id="${id}"]`).textContent();
  assert.match(text, /Sancho Panza with two heads/);
  // the header's search box leads to the same page, with filters in the address
  await page.goto(server.url + "index.html");
  await page.fill("#site-q", "Rakovsky");
  await page.press("#site-q", "Enter");
  await page.waitForURL(/search\.html\?q=Rakovsky/);
  await page.locator(".search-result").first().waitFor({ timeout: 10000 });
  await page.close();
  await server.close();
});

/** The search results for `q` on the site at `url`: the status line and every link shown. */
async function searchResults(url, q) {
  const page = await browser.newPage();
  await page.goto(url + "search.html?q=" + encodeURIComponent(q));
  await page.locator(".search-result").first().waitFor({ timeout: 10000 });
  const status = await page.locator(".search-status").textContent();
  const links = (await page.locator(".search-result .result-title").evaluateAll((as) => as.map((a) => a.getAttribute("href")))).sort();
  await page.close();
  return { status, links };
}

test("a search index built in parts finds what the index in one part finds", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gloss-parts-"));
  const root = path.join(dir, "edition");
  fs.cpSync(process.env.GLOSS_FIXTURE, root, { recursive: true });
  const build = (out) => {
    const r = spawnSync(process.env.GLOSS_BIN, ["build", "--quiet", "--root", root, "--out", out]);
    assert.equal(r.status, 0, String(r.stderr));
  };
  try {
    build(path.join(dir, "whole"));
    fs.appendFileSync(path.join(root, "content/edition.yaml"), "search_part_kib: 16\n");
    build(path.join(dir, "parts"));
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, "whole/pagefind/gloss-parts.json"))), []);
    const parts = JSON.parse(fs.readFileSync(path.join(dir, "parts/pagefind/gloss-parts.json")));
    assert.ok(parts.length >= 2, `expected several parts, got ${JSON.stringify(parts)}`);
    for (const q of ["Trotsky", "Opposition"]) {
      const whole = await serve(path.join(dir, "whole"), "/ed/");
      const split = await serve(path.join(dir, "parts"), "/ed/");
      const a = await searchResults(whole.url, q);
      const b = await searchResults(split.url, q);
      assert.ok(a.links.length >= 2, `${q}: ${JSON.stringify(a)}`);
      assert.deepEqual(b, a, `${q}: the same pages are found`);
      await whole.close();
      await split.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function startServe(root) {
  const child = spawn(process.env.GLOSS_BIN, ["serve", "--root", root, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("gloss serve did not start: " + out)), 20000);
    const onData = (d) => {
      out += d;
      const m = out.match(/Serving the edition at (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
  });
  return { child, url, log: () => out };
}

test("gloss serve reloads the page after an edit and shows build errors over it", async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "gloss-serve-"));
  fs.cpSync(process.env.GLOSS_FIXTURE, root, { recursive: true });
  const srv = startServe(root);
  try {
    const url = await srv.url;
    assert.match(url, /^http:\/\/127\.0\.0\.1:/, "listens on loopback by default");
    const page = await browser.newPage();
    await page.goto(url + "person/trotsky.html");
    await page.waitForTimeout(300); // let the page connect to the event stream
    const file = path.join(root, "content/people/people.yaml");
    const original = fs.readFileSync(file, "utf8");
    const started = Date.now();
    fs.writeFileSync(file, original.replace("Leader of the Left Opposition.", "Leader of the Left Opposition (edited live)."));
    await page.waitForFunction(() => document.querySelector(".summary")?.textContent.includes("edited live"), null, { timeout: 5000 });
    const elapsed = Date.now() - started;
    console.log(`# live reload: edit visible in the browser after ${elapsed} ms`);
    assert.ok(elapsed < 2000, `took ${elapsed} ms`);

    fs.writeFileSync(file, original + "\n- id: [broken\n");
    const overlay = page.locator("#gloss-error-overlay");
    await overlay.waitFor({ timeout: 5000 });
    assert.match(await overlay.textContent(), /content\/people\/people\.yaml:\d+:\d+/);
    // the last good site is still served
    const res = await page.request.get(url + "person/trotsky.html");
    assert.equal(res.status(), 200);
    assert.match(await res.text(), /edited live/);

    fs.writeFileSync(file, original);
    await page.waitForFunction(() => !document.getElementById("gloss-error-overlay") && document.querySelector(".summary")?.textContent.includes("Leader of the Left Opposition."), null, { timeout: 5000 });
    await page.close();
  } finally {
    srv.child.kill();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

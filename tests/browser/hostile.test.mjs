// Hostile content in a real browser: the edition in tests/fixtures/hostile carries markup,
// script, event handlers and script URLs in every text field, each payload setting
// `window.__pwned`. Built with the gloss binary and loaded in headless Chromium, no page
// may run any of it — on load, on hovering and focusing every mention, on opening every
// emendation and editorial note, on clicking every link that was neutralised, or in
// search results.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { serve, launch } from "./helpers.mjs";

const FIXTURE = fileURLToPath(new URL("../fixtures/hostile/", import.meta.url));
let site, server, browser;

before(async () => {
  site = fs.mkdtempSync(path.join(os.tmpdir(), "gloss-hostile-")) + "/output";
  const run = spawnSync(process.env.GLOSS_BIN, ["build", "--root", FIXTURE, "--out", site], { encoding: "utf8" });
  assert.equal(run.status, 0, `the hostile fixture builds:\n${run.stdout}\n${run.stderr}`);
  server = await serve(site);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (site) fs.rmSync(path.dirname(site), { recursive: true, force: true });
});

function pages(dir, prefix = "") {
  const out = [];
  for (const e of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory() && e.name !== "pagefind") out.push(...pages(dir, rel));
    else if (e.name.endsWith(".html")) out.push(rel);
  }
  return out.sort();
}

/** A page with the trap set before any of its scripts run; dialogs are recorded too. */
async function trapped(context) {
  const page = await context.newPage();
  const fired = [];
  await page.addInitScript(() => {
    let hits = 0;
    Object.defineProperty(window, "__pwned", {
      configurable: false,
      get() { return hits || undefined; },
      set() { hits += 1; },
    });
  });
  page.on("dialog", (d) => { fired.push(`dialog: ${d.message()}`); d.dismiss().catch(() => {}); });
  page.on("pageerror", (e) => fired.push(`page error: ${e.message}`));
  return { page, fired };
}

async function pwned(page) {
  // every frame, in case an injected frame ran something
  const hits = [];
  for (const f of page.frames()) {
    hits.push(await f.evaluate(() => window.__pwned).catch(() => undefined));
  }
  return hits.filter((h) => h !== undefined);
}

test("no injected script runs on any page, after hovering every mention and opening every emendation and note", async () => {
  const all = pages(site);
  assert.ok(all.length >= 15, `pages: ${all}`);
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const problems = [];
  let hovered = 0, opened = 0;
  for (const p of all) {
    const { page, fired } = await trapped(context);
    await page.goto(server.url + p, { waitUntil: "load" });
    for (const link of await page.locator("a.m").all()) {
      await link.scrollIntoViewIfNeeded();
      await link.hover();
      await link.focus();
      hovered++;
    }
    for (const mark of await page.locator(".emark").all()) {
      await mark.scrollIntoViewIfNeeded();
      await mark.click();
      await page.locator(".emnote:popover-open").first().waitFor({ state: "visible", timeout: 3000 });
      await page.keyboard.press("Escape");
      opened++;
    }
    for (const mark of await page.locator(".ed-mark").all()) {
      await mark.click({ force: true });
      opened++;
    }
    // links whose target was unsafe point nowhere now: clicking them stays on the page
    for (const a of await page.locator("main a[href='#']").all()) {
      await a.click({ force: true, noWaitAfter: true });
    }
    // paragraph numbers offer a citation built from the page's data
    const pnum = page.locator("a.pnum").first();
    if (await pnum.count()) await pnum.click();
    await page.waitForTimeout(50);
    const hits = await pwned(page);
    if (hits.length || fired.length) problems.push(`${p}: __pwned=${hits} ${fired.join("; ")}`);
    if (!page.url().startsWith(server.url)) problems.push(`${p}: navigated to ${page.url()}`);
    await page.close();
  }
  await context.close();
  assert.deepEqual(problems, []);
  assert.ok(hovered >= 5, `hovered ${hovered} mentions`);
  assert.ok(opened >= 2, `opened ${opened} emendations and notes`);
});

test("popovers show hostile names and summaries as text", async () => {
  const context = await browser.newContext();
  const { page, fired } = await trapped(context);
  await page.goto(server.url + "chapter/payloads.html");
  await page.locator("a.m[data-e=trotsky]").first().hover();
  const pop = page.locator(".pop");
  await pop.waitFor({ state: "visible" });
  assert.match(await pop.locator(".pop-name").textContent(), /Leon <script>window.__pwned=1<\/script> Trotsky/);
  assert.match(await pop.locator(".pop-summary").textContent(), /<img src=x onerror=window.__pwned=1>/);
  assert.equal(await pop.locator("script, img, svg, iframe").count(), 0);
  await page.locator("a.m[data-e=astrakhan]").first().hover();
  await page.waitForFunction(() => document.querySelector(".pop .pop-name")?.textContent.startsWith("Astrakhan"));
  assert.equal(await page.locator(".pop .pop-summary").textContent(), "</script><!--<script>");
  assert.deepEqual(await pwned(page), []);
  assert.deepEqual(fired, []);
  await context.close();
});

test("search results for hostile text run nothing", async () => {
  const context = await browser.newContext();
  const { page, fired } = await trapped(context);
  await page.goto(server.url + "search.html");
  for (const q of ["pwned", "onerror", "script", "javascript"]) {
    await page.fill("#q", q);
    await page.locator(".search-result").first().waitFor({ timeout: 15000 });
    await page.waitForTimeout(200);
    assert.equal(await page.locator(".search-result script, .search-result img, .search-result svg, .search-result iframe").count(), 0, q);
  }
  assert.deepEqual(await pwned(page), []);
  assert.deepEqual(fired, []);
  await context.close();
});

// Reader-facing behaviour of the built edition in headless Chromium: accessibility (axe),
// popovers by mouse, keyboard and touch, emendations and notes, and use without JavaScript.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import { serve, launch, SITE } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
let server, browser;

before(async () => { server = await serve(SITE); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const CH1 = "chapter/the-united-opposition.html";
const CH2 = "chapter/the-bolshevik-leninist-faction.html";

/** A sample of every page type. */
const SAMPLE = [
  "index.html", CH1, CH2, "person/trotsky.html", "person/rakovsky.html", "event/fifteenth-congress.html",
  "place/alma-ata.html", "term/thermidor.html", "timeline.html", "glossary.html",
  "index/names.html", "index/places.html", "index/subjects.html", "about.html", "editing.html", "404.html",
];

test("every page type has no serious or critical accessibility violation (axe-core)", async () => {
  const page = await browser.newPage();
  const problems = [];
  for (const p of SAMPLE) {
    await page.goto(server.url + p);
    await page.addScriptTag({ content: AXE });
    const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ["violations"] }));
    for (const v of result.violations) {
      if (v.impact === "serious" || v.impact === "critical") {
        problems.push(`${p}: ${v.id} (${v.impact}): ${v.help} — e.g. ${v.nodes[0]?.target}`);
      }
    }
  }
  await page.close();
  assert.deepEqual(problems, []);
});

test("a mention shows its popover on hover and hides it when the pointer leaves", async () => {
  const page = await browser.newPage();
  await page.goto(server.url + CH1);
  const link = page.locator("a.m[data-e=trotsky]").first();
  await link.hover();
  const pop = page.locator(".pop");
  await pop.waitFor({ state: "visible" });
  assert.match(await pop.textContent(), /Leon Trotsky/);
  assert.match(await pop.textContent(), /1879/);
  assert.equal(await pop.getAttribute("role"), "tooltip");
  await page.mouse.move(5, 5);
  await pop.waitFor({ state: "detached", timeout: 3000 });
  await page.close();
});

test("a mention shows its popover on keyboard focus, described by it, and Escape dismisses it", async () => {
  const page = await browser.newPage();
  await page.goto(server.url + CH1);
  const link = page.locator("a.m[data-e=zinoviev]").first();
  await link.focus();
  const pop = page.locator(".pop");
  await pop.waitFor({ state: "visible" });
  assert.equal(await link.getAttribute("aria-describedby"), await pop.getAttribute("id"));
  await page.keyboard.press("Escape");
  await pop.waitFor({ state: "detached", timeout: 3000 });
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("data-e")), "zinoviev");
  await page.close();
});

test("on a touch screen the first tap shows the popover and the second follows the link", async () => {
  const ctx = await browser.newContext({ hasTouch: true, isMobile: true, viewport: { width: 390, height: 800 } });
  const page = await ctx.newPage();
  await page.goto(server.url + CH1);
  const link = page.locator("a.m[data-e=kamenev]").first();
  await link.scrollIntoViewIfNeeded();
  await link.tap();
  await page.locator(".pop").waitFor({ state: "visible" });
  assert.ok(page.url().endsWith(CH1));
  await link.tap();
  await page.waitForURL(/person\/kamenev\.html$/);
  await ctx.close();
});

test("an emendation shows the corrected reading; the printed one and the reason open on demand", async () => {
  const page = await browser.newPage();
  await page.goto(server.url + CH1);
  const em = page.locator(".emend").first();
  await em.scrollIntoViewIfNeeded();
  const note = em.locator(".emnote");
  assert.equal(await note.isVisible(), false);
  await em.locator(".emark").click();
  await note.waitFor({ state: "visible" });
  assert.match(await note.textContent(), /the source (prints|has):/);
  await page.close();
});

test("no page type scrolls sideways on a 320 px wide screen", async () => {
  const page = await browser.newPage({ viewport: { width: 320, height: 640 } });
  const wide = [];
  for (const p of SAMPLE) {
    await page.goto(server.url + p);
    const { scroll, client } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    if (scroll > client + 1) wide.push(`${p}: ${scroll} px`);
  }
  await page.close();
  assert.deepEqual(wide, []);
});

test("in print, every emendation shows what the source prints and why, and every editorial note its text", async () => {
  const page = await browser.newPage();
  await page.goto(server.url + CH1);
  await page.emulateMedia({ media: "print" });
  const counts = await page.$$eval(".emnote, .sidenote", (els) => ({
    all: els.length,
    hidden: els.filter((e) => getComputedStyle(e).display === "none").length,
  }));
  assert.ok(counts.all > 50, `${counts.all} emendations and notes`);
  assert.equal(counts.hidden, 0);
  await page.close();
});

test("editorial notes stand in the margin on wide screens and open on demand on narrow ones", async () => {
  const wide = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await wide.goto(server.url + CH1);
  assert.equal(await wide.locator(".sidenote").first().isVisible(), true);
  await wide.close();
  const narrow = await browser.newPage({ viewport: { width: 390, height: 800 } });
  await narrow.goto(server.url + CH1);
  const side = narrow.locator(".sidenote").first();
  assert.equal(await side.isVisible(), false);
  await narrow.locator(".ed-mark").first().click();
  await side.waitFor({ state: "visible" });
  await narrow.close();
});

test("without JavaScript, names are links to entity pages, emendations still open, and the timeline lists everything", async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(server.url + CH1);
  const link = page.locator("a.m[data-e=trotsky]").first();
  await link.click();
  await page.waitForURL(/person\/trotsky\.html$/);
  assert.match(await page.locator("h1").textContent(), /Leon Trotsky/);
  // every mention in context links to its paragraph
  const loc = page.locator(".kwic a.loc").first();
  const href = await loc.getAttribute("href");
  await loc.click();
  const id = href.split("#")[1];
  assert.equal(await page.locator(`[id="${id}"]`).count(), 1);
  // emendations use the native popover, no script needed
  await page.goto(server.url + CH1);
  const em = page.locator(".emend").first();
  await em.locator(".emark").click();
  await em.locator(".emnote").waitFor({ state: "visible" });
  // timeline: filters need JS and stay hidden; all events are listed
  await page.goto(server.url + "timeline.html");
  assert.equal(await page.locator(".tl-filters").isVisible(), false);
  assert.ok((await page.locator(".tl-event").count()) > 100);
  await ctx.close();
});

test("timeline filters narrow the list by person", async () => {
  const page = await browser.newPage();
  await page.goto(server.url + "timeline.html");
  const total = await page.locator(".tl-event").count();
  await page.selectOption("select[data-filter=person]", "person:joffe-adolph");
  const visible = await page.locator(".tl-event:visible").count();
  assert.ok(visible > 0 && visible < total, `${visible} of ${total}`);
  assert.match(await page.locator(".tl-count").textContent(), new RegExp(`${visible} of ${total}`));
  await page.close();
});

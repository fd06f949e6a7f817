// Shared helpers for the browser tests: a static server for the built site (optionally
// under a subpath) and a headless Chromium from the system.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";

const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json", ".txt": "text/plain", ".xml": "application/xml" };

/** Serve `dir` on 127.0.0.1 at `prefix` (e.g. "/" or "/edition/"). Resolves to { url, close }. */
export function serve(dir, prefix = "/") {
  const server = http.createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (!p.startsWith(prefix)) { res.writeHead(404); return res.end("outside prefix"); }
    p = p.slice(prefix.length);
    if (p === "" || p.endsWith("/")) p += "index.html";
    const file = path.join(dir, path.normalize(p));
    if (!file.startsWith(dir)) { res.writeHead(403); return res.end(); }
    fs.readFile(file, (err, data) => {
      if (err) {
        fs.readFile(path.join(dir, "404.html"), (e2, nf) => { res.writeHead(404, { "content-type": TYPES[".html"] }); res.end(e2 ? "not found" : nf); });
        return;
      }
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
      res.end(data);
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => {
    resolve({ url: `http://127.0.0.1:${server.address().port}${prefix}`, close: () => { server.closeAllConnections(); return new Promise((r) => server.close(r)); } });
  }));
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

export const SITE = process.env.GLOSS_SITE;
if (!SITE) throw new Error("GLOSS_SITE must point at a built site");

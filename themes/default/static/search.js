// gloss search page: queries the Pagefind index built with the site, with filters by kind
// of page and chapter; results in the text link to the paragraph they were found in.
const form = document.querySelector(".search-form");
const input = form.querySelector("input[name=q]");
const status = document.querySelector(".search-status");
const list = document.querySelector(".search-results");
const filters = form.querySelector(".search-filters");
const bundle = new URL(form.dataset.bundle, location.href);
let loading = null;

/** Load Pagefind once: the main index, then the other parts of a large edition's index,
 * listed in `gloss-parts.json` beside it, merged into one search. */
function load() {
  loading ??= (async () => {
    const pf = await import(new URL("pagefind.js", bundle).href);
    // result URLs are relative to the site root, wherever the site is hosted
    const baseUrl = new URL("..", bundle).pathname;
    await pf.options({ baseUrl });
    await pf.init();
    const parts = await fetch(new URL("gloss-parts.json", bundle)).then((r) => (r.ok ? r.json() : []), () => []);
    await Promise.all(parts.map((p) => pf.mergeIndex(new URL(p, bundle).href, { baseUrl })));
    const f = await pf.filters();
    const select = form.querySelector("select[name=chapter]");
    Object.keys(f.chapter || {}).sort((a, b) => parseInt(a) - parseInt(b)).forEach((c) => {
      const o = document.createElement("option");
      o.value = c; o.textContent = c;
      select.appendChild(o);
    });
    filters.hidden = false;
    return pf;
  })().catch((e) => { loading = null; throw e; }); // try again on the next search
  return loading;
}

/** The paragraph (an element with an id `p-…`) where the first match lies, if any. */
function paragraphOf(data) {
  const first = (data.locations || [])[0];
  if (first === undefined) return null;
  let best = null;
  for (const a of data.anchors || []) {
    if (a.element === "p" && a.id && a.id.startsWith("p-") && a.location <= first) best = a;
  }
  return best;
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

async function run() {
  const q = input.value.trim();
  const params = new URLSearchParams(location.search);
  params.set("q", q);
  // "all" rather than an empty value: minifiers drop empty attributes
  const pick = (v) => (v && v !== "all" ? v : "");
  const kind = pick(form.querySelector("input[name=kind]:checked")?.value);
  const chapter = pick(form.querySelector("select[name=chapter]").value);
  kind ? params.set("kind", kind) : params.delete("kind");
  chapter ? params.set("chapter", chapter) : params.delete("chapter");
  history.replaceState(null, "", "?" + params.toString());
  list.replaceChildren();
  if (!q) { status.textContent = ""; return; }
  status.textContent = "Searching…";
  const pf = await load();
  const filter = {};
  if (kind) filter.kind = kind;
  if (chapter) filter.chapter = chapter;
  const search = await pf.search(q, { filters: filter });
  const results = await Promise.all(search.results.slice(0, 30).map((r) => r.data()));
  status.textContent = search.results.length === 0 ? "Nothing found." :
    `${search.results.length} page${search.results.length === 1 ? "" : "s"} found` + (search.results.length > 30 ? "; the first 30 are shown." : ".");
  for (const data of results) {
    const li = el("li", "search-result");
    const para = paragraphOf(data);
    const kindName = (data.filters.kind || [])[0] || "";
    const a = el("a", "result-title", data.meta.title || data.url);
    a.href = data.url + (para ? "#" + para.id : "");
    const head = el("p", "result-head");
    if (kindName) head.appendChild(el("span", "badge", kindName));
    head.append(" ");
    head.appendChild(a);
    if (para && kindName === "chapter") {
      head.append(" ");
      head.appendChild(el("span", "result-para", "¶ " + (para.text.match(/^\d+/) || [""])[0]));
    }
    li.appendChild(head);
    const ex = el("p", "result-excerpt");
    ex.innerHTML = data.excerpt; // Pagefind escapes the text and marks matches with <mark>
    li.appendChild(ex);
    list.appendChild(li);
  }
}

form.addEventListener("submit", (e) => { e.preventDefault(); run(); });
form.addEventListener("change", (e) => { if (e.target.name !== "q") run(); });
let timer = null;
input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, 250); });

const initial = new URLSearchParams(location.search);
if (initial.get("q")) {
  input.value = initial.get("q");
  load().then(() => {
    const k = initial.get("kind");
    if (k) { const r = form.querySelector(`input[name=kind][value="${CSS.escape(k)}"]`); if (r) r.checked = true; }
    const c = initial.get("chapter");
    if (c) form.querySelector("select[name=chapter]").value = c;
    run();
  });
}

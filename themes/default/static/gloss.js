// gloss: progressive enhancements. Everything works without this file: mention links go
// to entity pages, emendations and notes use native HTML (popover, checkbox), the timeline
// shows every event.
(function () {
  "use strict";

  function toast(text) {
    var t = document.createElement("div");
    t.className = "toast";
    t.setAttribute("role", "status");
    t.textContent = text;
    document.body.appendChild(t);
    setTimeout(function () { t.remove(); }, 1800);
  }

  // Paragraph numbers are permalinks; a click also offers a ready citation to copy.
  var citePop = null;
  function closeCite() { if (citePop) { citePop.remove(); citePop = null; } }
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a.pnum");
    if (!a) { if (citePop && !citePop.contains(ev.target)) closeCite(); return; }
    var article = a.closest("[data-cite]");
    if (!article) return;
    var url = a.href;
    var text = article.getAttribute("data-cite") + ", ¶ " + a.textContent.trim() + ". " + url;
    closeCite();
    citePop = document.createElement("div");
    citePop.className = "cite-pop";
    citePop.setAttribute("role", "dialog");
    citePop.setAttribute("aria-label", "Cite this paragraph");
    var p = document.createElement("p"); p.textContent = text; citePop.appendChild(p);
    [["Copy citation", text], ["Copy link", url]].forEach(function (b) {
      var btn = document.createElement("button");
      btn.type = "button"; btn.textContent = b[0];
      btn.addEventListener("click", function () {
        if (navigator.clipboard) navigator.clipboard.writeText(b[1]).then(function () { toast("Copied"); }, function () {});
        closeCite();
      });
      citePop.appendChild(btn);
    });
    document.body.appendChild(citePop);
    var r = a.getBoundingClientRect();
    citePop.style.left = Math.max(8, window.scrollX + r.left) + "px";
    citePop.style.top = (window.scrollY + r.bottom + 6) + "px";
    citePop.querySelector("button").focus();
  });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") closeCite(); });

  // Popovers for mentions: name, dates, summary. Hover, keyboard focus or tap.
  var dataEl = document.getElementById("gloss-entities");
  if (dataEl) {
    var entities = {};
    try { entities = JSON.parse(dataEl.textContent); } catch (e) { entities = {}; }
    var pop = null, owner = null, hideTimer = null, seq = 0;

    function hide() {
      if (pop) { pop.remove(); pop = null; }
      if (owner) { owner.removeAttribute("aria-describedby"); owner = null; }
    }
    function show(link) {
      var d = entities[link.getAttribute("data-e")];
      if (!d) return;
      if (owner === link) return;
      hide();
      clearTimeout(hideTimer);
      pop = document.createElement("div");
      pop.className = "pop";
      pop.id = "pop-" + (++seq);
      pop.setAttribute("role", "tooltip");
      var kind = document.createElement("span"); kind.className = "pop-kind"; kind.textContent = d.k;
      var name = document.createElement("span"); name.className = "pop-name"; name.textContent = d.n;
      pop.appendChild(kind); pop.appendChild(name);
      if (d.d) { var dates = document.createElement("span"); dates.className = "pop-dates"; dates.textContent = d.d; pop.appendChild(dates); }
      var sum = document.createElement("span"); sum.className = "pop-summary"; sum.textContent = d.s; pop.appendChild(sum);
      var more = document.createElement("a"); more.href = link.href; more.textContent = "More about " + d.n + " →"; pop.appendChild(more);
      pop.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
      pop.addEventListener("mouseleave", function () { hideTimer = setTimeout(hide, 250); });
      document.body.appendChild(pop);
      var r = link.getBoundingClientRect();
      var w = pop.offsetWidth;
      var left = Math.max(8, Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - w - 8));
      pop.style.left = left + "px";
      pop.style.top = (window.scrollY + r.bottom + 6) + "px";
      owner = link;
      link.setAttribute("aria-describedby", pop.id);
    }
    // Remember how the last pointer was used: touch taps also fire mouse events.
    var touch = false;
    document.addEventListener("pointerdown", function (ev) { touch = ev.pointerType === "touch"; }, true);
    document.addEventListener("mouseover", function (ev) {
      var a = ev.target.closest && ev.target.closest("a.m");
      if (a && !touch) { clearTimeout(hideTimer); show(a); }
    });
    document.addEventListener("mouseout", function (ev) {
      var a = ev.target.closest && ev.target.closest("a.m");
      if (a && a === owner) hideTimer = setTimeout(hide, 300);
    });
    document.addEventListener("focusin", function (ev) {
      var a = ev.target.closest && ev.target.closest("a.m");
      if (a && !touch) show(a); else if (!a && pop && !pop.contains(ev.target)) hide();
    });
    document.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape" && pop) { var o = owner; hide(); if (o) o.focus(); }
    });
    // On touch screens, the first tap shows the popover; a second tap follows the link.
    document.addEventListener("click", function (ev) {
      var a = ev.target.closest && ev.target.closest("a.m");
      if (a && touch && owner !== a) { ev.preventDefault(); show(a); }
      else if (!a && pop && !pop.contains(ev.target)) hide();
    });
  }

  // Timeline filters (by person, place, kind).
  var form = document.querySelector(".tl-filters");
  if (form) {
    form.hidden = false;
    var selects = form.querySelectorAll("select");
    var events = document.querySelectorAll(".tl-event");
    var count = form.querySelector(".tl-count");
    var apply = function () {
      var wanted = [];
      selects.forEach(function (s) { if (s.value && s.value !== "all") wanted.push(s.value); });
      var shown = 0;
      events.forEach(function (li) {
        var tags = " " + li.getAttribute("data-filter") + " ";
        var ok = wanted.every(function (w) { return tags.indexOf(" " + w + " ") >= 0; });
        li.hidden = !ok;
        if (ok) shown++;
      });
      document.querySelectorAll(".tl-year").forEach(function (y) {
        y.hidden = !y.querySelector(".tl-event:not([hidden])");
      });
      count.textContent = wanted.length ? shown + " of " + events.length + " events" : "";
    };
    selects.forEach(function (s) { s.addEventListener("change", apply); });
  }
})();

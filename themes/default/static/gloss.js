// gloss: small progressive enhancements. Everything works without this file.
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
  // Paragraph numbers are permalinks: a click also copies the paragraph's address.
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a.pnum");
    if (!a || !navigator.clipboard) return;
    var url = a.href;
    navigator.clipboard.writeText(url).then(function () { toast("Link to paragraph copied"); }, function () {});
  });
})();

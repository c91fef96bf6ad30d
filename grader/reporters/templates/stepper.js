(function () {
  "use strict";
  var boxes = document.querySelectorAll("[data-timeline]");
  Array.prototype.forEach.call(boxes, function (box) {
    var rows = box.querySelectorAll("tr[data-step]");
    var bar = box.querySelector(".stepper");
    var status = box.querySelector(".stepper-status");
    var at = rows.length;
    if (!bar || !rows.length) { return; }
    function show(n) {
      at = Math.max(1, Math.min(rows.length, n));
      Array.prototype.forEach.call(rows, function (row, i) {
        row.classList.toggle("future", i >= at);
        row.classList.toggle("current", i === at - 1 && at < rows.length);
      });
      status.textContent = at < rows.length ? "Step " + at + " of " + rows.length : "All " + rows.length + " steps shown";
    }
    bar.hidden = false;
    bar.addEventListener("click", function (event) {
      var act = event.target.getAttribute("data-act");
      if (act === "start") { show(1); }
      else if (act === "back") { show(at - 1); }
      else if (act === "next") { show(at + 1); }
      else if (act === "all") { show(rows.length); }
    });
    show(rows.length);
  });
  document.body.setAttribute("data-stepper", "ready");
}());

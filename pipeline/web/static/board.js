// Board page: the print button (no inline scripts under the Content-Security-Policy).
(function () {
  "use strict";
  const b = document.getElementById("print");
  if (b) b.addEventListener("click", () => window.print());
})();

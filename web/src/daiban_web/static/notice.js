// The notice's print bar: print it on A4 (the page's own @page rule), or go back.
(function () {
  "use strict";
  var bar = document.createElement("div");
  bar.className = "print-bar";
  var print = document.createElement("button");
  print.type = "button";
  print.textContent = "打印告知书（A4）";
  print.addEventListener("click", function () { window.print(); });
  bar.appendChild(print);
  document.body.insertBefore(bar, document.body.firstChild);
}());

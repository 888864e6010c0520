// The board refreshes itself: every data-refresh seconds it fetches its live part (same origin,
// relative URL) and swaps it in. A failed fetch keeps what is shown and tries again next time.
(function () {
  "use strict";
  var board = document.querySelector("main.board[data-live]");
  if (!board) { return; }
  var live = document.getElementById("live");
  var seconds = parseInt(board.getAttribute("data-refresh"), 10) || 30;
  function refresh() {
    fetch(board.getAttribute("data-live"), { headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null) { live.innerHTML = html; } })
      .catch(function () { /* keep the last board */ })
      .then(function () { window.setTimeout(refresh, seconds * 1000); });
  }
  window.setTimeout(refresh, seconds * 1000);
}());

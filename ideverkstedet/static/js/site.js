// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Move focus to the error summary so screen-reader users hear what went wrong at once.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }

  // "Vis flere" on a paged list: htmx adds the next items; move focus to the first of them, so keyboard and
  // screen-reader users continue there instead of losing their place with the link that was replaced.
  document.body.addEventListener("htmx:afterSettle", function () {
    var first = document.querySelector("[data-focus-after-swap]");
    if (first) {
      first.removeAttribute("data-focus-after-swap");
      first.focus();
    }
  });

  // A name filter over a list (attendance at the door): hide the rows whose data-name does not contain the text.
  document.querySelectorAll("input[data-filter-list]").forEach(function (input) {
    var list = document.querySelector(input.getAttribute("data-filter-list"));
    if (!list) { return; }
    input.addEventListener("input", function () {
      var wanted = input.value.trim().toLowerCase();
      list.querySelectorAll("[data-name]").forEach(function (row) {
        row.hidden = wanted !== "" && row.getAttribute("data-name").indexOf(wanted) === -1;
      });
    });
  });
});

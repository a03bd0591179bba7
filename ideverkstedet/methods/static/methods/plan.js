// After moving a block (a full page load, so it works without JavaScript), put keyboard focus back on the
// button that was pressed, so the block can be moved again with Enter.
document.addEventListener("DOMContentLoaded", () => {
  const hash = window.location.hash;
  if (!hash.startsWith("#flytt-")) return;
  const button = document.getElementById(hash.slice(1));
  if (button) button.focus();
});

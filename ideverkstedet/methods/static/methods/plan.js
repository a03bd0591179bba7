// The plan page, for people who may change it. Works without this file: the move buttons reload the page.
//
// 1. After moving a block with a button (a full page load), put keyboard focus back on the pressed button,
//    so the block can be moved again with Enter.
// 2. Drag and drop as an enhancement: a handle on each row; on drop the new order is POSTed to the plan's
//    reorder endpoint, the programme section is fetched again (new times), and the result is announced in
//    the page's live region. No inline scripts and no eval: the Content Security Policy forbids both.
(() => {
  "use strict";

  function focusMovedButton() {
    const hash = window.location.hash;
    if (!hash.startsWith("#flytt-")) return;
    const button = document.getElementById(hash.slice(1));
    if (button) button.focus();
  }

  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function announce(text, ok) {
    const status = document.getElementById("rekkefolge-status");
    if (!status) return;
    status.className = "reorder-status message " + (ok ? "success" : "error");
    status.textContent = text;
  }

  async function refreshProgramme() {
    const response = await fetch(window.location.pathname, { credentials: "same-origin" });
    if (!response.ok) throw new Error("refresh " + response.status);
    const html = await response.text();
    const fresh = new DOMParser().parseFromString(html, "text/html").getElementById("program");
    const current = document.getElementById("program");
    if (!fresh || !current) throw new Error("no programme section");
    current.replaceWith(document.adoptNode(fresh));
    enableDragging();
  }

  async function saveOrder(table) {
    const body = new URLSearchParams();
    for (const row of table.querySelectorAll("tbody tr[data-block-id]")) {
      body.append("blokk", row.dataset.blockId);
    }
    try {
      const response = await fetch(table.dataset.reorderUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken() },
        body,
      });
      if (!response.ok) {
        let message = table.dataset.failed;
        try {
          message = (await response.json()).message || message;
        } catch (_ignored) {
          // Not JSON (a 403 page, say): the general message will do.
        }
        announce(message, false);
        await refreshProgramme();
        return;
      }
      await refreshProgramme();
      announce(table.dataset.saved, true);
    } catch (_error) {
      announce(table.dataset.failed, false);
    }
  }

  function clearMarks(table) {
    for (const row of table.querySelectorAll(".drop-before, .drop-after")) {
      row.classList.remove("drop-before", "drop-after");
    }
  }

  function enableDragging() {
    const table = document.querySelector("table.reorderable");
    if (!table) return;
    const rows = Array.from(table.querySelectorAll("tbody tr[data-block-id]"));
    let dragged = null;

    for (const row of rows) {
      const cell = row.lastElementChild;
      const handle = document.createElement("span");
      handle.className = "drag-handle";
      handle.draggable = true;
      handle.textContent = "⠿";
      handle.title = table.dataset.handleLabel;
      // Mouse only: keyboard and screen-reader users have the Opp and Ned buttons in the same cell.
      handle.setAttribute("aria-hidden", "true");
      cell.prepend(handle);

      handle.addEventListener("dragstart", (event) => {
        dragged = row;
        row.classList.add("dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", row.dataset.blockId);
        event.dataTransfer.setDragImage(row, 20, 20);
      });
      handle.addEventListener("dragend", () => {
        row.classList.remove("dragging");
        clearMarks(table);
        dragged = null;
      });
      row.addEventListener("dragover", (event) => {
        if (!dragged || dragged === row) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = "move";
        const box = row.getBoundingClientRect();
        const before = event.clientY < box.top + box.height / 2;
        clearMarks(table);
        row.classList.add(before ? "drop-before" : "drop-after");
      });
      row.addEventListener("drop", (event) => {
        if (!dragged || dragged === row) return;
        event.preventDefault();
        const box = row.getBoundingClientRect();
        const before = event.clientY < box.top + box.height / 2;
        const moving = dragged;
        clearMarks(table);
        const original = rows.map((r) => r.dataset.blockId).join(",");
        row.parentNode.insertBefore(moving, before ? row : row.nextSibling);
        const now = Array.from(table.querySelectorAll("tbody tr[data-block-id]"))
          .map((r) => r.dataset.blockId)
          .join(",");
        if (now !== original) saveOrder(table);
      });
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    focusMovedButton();
    enableDragging();
  });
})();

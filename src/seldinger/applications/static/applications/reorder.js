/* Reorder a rank order list in place: drag an entry, press Alt+Up / Alt+Down on a
   focused entry, or use its Up/Down buttons. Each change posts the whole new order
   (the entries' data-id values) to the list's data-reorder-url and announces the
   move in #reorder-status. Without this script the Up/Down buttons are plain forms.
   Nested lists (supplemental lists) are handled separately: each <ol> only moves
   its own <li> children. */
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function entries(list) {
    return Array.prototype.filter.call(list.children, function (child) {
      return child.matches("li[data-id]");
    });
  }

  function ownEntry(list, node) {
    while (node && node !== list) {
      if (node.parentElement === list && node.matches("li[data-id]")) return node;
      node = node.parentElement;
    }
    return null;
  }

  function order(list) {
    return entries(list).map(function (entry) { return entry.dataset.id; });
  }

  function announce(text) {
    var status = document.getElementById("reorder-status");
    if (status) status.textContent = text;
  }

  function describe(list, entry) {
    var position = entries(list).indexOf(entry) + 1;
    return "Moved " + (entry.dataset.name || "entry") + " to position " + position +
      " of " + entries(list).length + ".";
  }

  function save(list, entry) {
    var body = new FormData();
    order(list).forEach(function (id) { body.append("order", id); });
    list.setAttribute("aria-busy", "true");
    return fetch(list.dataset.reorderUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" }
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          announce((data && data.detail) || "The new order was not saved.");
          window.alert((data && data.detail) || "The new order was not saved.");
          window.location.reload();
          return;
        }
        list.dataset.saved = String(Number(list.dataset.saved || "0") + 1);
        if (entry) announce(describe(list, entry) + " Saved.");
      });
    }).catch(function () {
      announce("The new order was not saved: no connection.");
    }).finally(function () {
      list.removeAttribute("aria-busy");
    });
  }

  function move(list, entry, direction) {
    var all = entries(list);
    var index = all.indexOf(entry);
    if (direction === "up" && index > 0) {
      list.insertBefore(entry, all[index - 1]);
    } else if (direction === "down" && index < all.length - 1) {
      list.insertBefore(entry, all[index + 1].nextSibling);
    } else {
      announce((entry.dataset.name || "This entry") + " is already " +
        (direction === "up" ? "first." : "last."));
      return false;
    }
    return true;
  }

  function enhance(list) {
    list.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-move]");
      if (!button) return;
      var entry = ownEntry(list, button);
      if (!entry || button.closest("ol") !== list) return;
      event.preventDefault();
      if (move(list, entry, button.dataset.move)) {
        button.focus();
        save(list, entry);
      }
    });

    list.addEventListener("keydown", function (event) {
      if (!event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) return;
      var entry = ownEntry(list, event.target);
      if (!entry || event.target.closest("ol") !== list) return;
      event.preventDefault();
      event.stopPropagation();
      var focused = event.target;
      if (move(list, entry, event.key === "ArrowUp" ? "up" : "down")) {
        focused.focus();
        save(list, entry);
      }
    });

    var dragged = null;
    var before = null;
    list.addEventListener("dragstart", function (event) {
      var entry = ownEntry(list, event.target);
      if (!entry || event.target !== entry) return;
      event.stopPropagation();
      dragged = entry;
      before = order(list).join(",");
      entry.classList.add("is-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", entry.dataset.id);
    });
    list.addEventListener("dragover", function (event) {
      if (!dragged) return;
      var over = ownEntry(list, event.target);
      event.preventDefault();
      if (!over || over === dragged) return;
      var box = over.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      list.insertBefore(dragged, after ? over.nextSibling : over);
    });
    list.addEventListener("drop", function (event) {
      if (!dragged) return;
      event.preventDefault();
      event.stopPropagation();
    });
    list.addEventListener("dragend", function () {
      if (!dragged) return;
      var entry = dragged;
      dragged = null;
      entry.classList.remove("is-dragging");
      if (order(list).join(",") !== before) save(list, entry);
    });
    list.dataset.enhanced = "true";
  }

  function start() {
    document.querySelectorAll("ol[data-reorder-url]").forEach(enhance);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

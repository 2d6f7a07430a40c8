/* The header's menus. On narrow screens the whole menu folds behind the Menu button;
   the group menus (<details>) open one at a time, and close on Escape or a click elsewhere.
   Without JavaScript everything stays unfolded and each <details> still opens by itself. */
(function () {
  "use strict";
  var button = document.querySelector(".nav-toggle");
  var menu = document.getElementById("site-menu");
  if (!menu) { return; }
  var groups = Array.prototype.slice.call(menu.querySelectorAll("details.nav-menu"));

  if (button) {
    button.hidden = false;
    menu.classList.add("site-menu--folded");
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") === "true";
      button.setAttribute("aria-expanded", String(!open));
      menu.classList.toggle("site-menu--folded", open);
    });
  }

  groups.forEach(function (group) {
    group.addEventListener("toggle", function () {
      if (!group.open) { return; }
      groups.forEach(function (other) {
        if (other !== group) { other.open = false; }
      });
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    groups.forEach(function (group) {
      if (group.open) {
        group.open = false;
        group.querySelector("summary").focus();
      }
    });
  });

  document.addEventListener("click", function (event) {
    groups.forEach(function (group) {
      if (group.open && !group.contains(event.target)) { group.open = false; }
    });
  });
})();

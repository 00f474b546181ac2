// After htmx swaps in a part of a page, move the focus to the message it carries
// (marked data-focus-after-swap), so a screen reader announces what happened.
// The autofocus attribute is not used for this: the browser and htmx would each
// act on it, and the browser's later focus could take the caret back from a field
// the person had already moved on to.
document.addEventListener("htmx:afterSettle", function () {
  const message = document.querySelector("[data-focus-after-swap]");
  if (message) {
    message.removeAttribute("data-focus-after-swap");
    message.focus();
  }
});

// Tables on a phone. A table that does not fit the width of a phone becomes a
// list of cards: each row a card, each cell with its column's name before it
// (explicit roles keep it a table for screen readers, which a change of CSS
// display would otherwise lose). Wider screens keep the table; if it still does
// not fit, its .table-wrap scrolls and, while it does, takes the keyboard focus
// and is named after its caption (or the heading above it).
const PHONE = 640;

function tableAsCards(table, on) {
  const rows = table.querySelectorAll("tr");
  if (on) {
    const headers = Array.from(table.querySelectorAll("thead th")).map(function (th) {
      return th.textContent.trim();
    });
    table.setAttribute("role", "table");
    table.querySelectorAll("thead, tbody, tfoot").forEach(function (group) {
      group.setAttribute("role", "rowgroup");
    });
    rows.forEach(function (row) {
      row.setAttribute("role", "row");
      Array.from(row.children).forEach(function (cell, index) {
        const inHead = cell.parentElement.parentElement.tagName === "THEAD";
        if (inHead) {
          cell.setAttribute("role", "columnheader");
        } else {
          cell.setAttribute("role", cell.tagName === "TH" ? "rowheader" : "cell");
          if (headers[index] && !cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", headers[index]);
            cell.dataset.labelAdded = "yes";
          }
        }
      });
    });
    table.classList.add("as-cards");
  } else {
    table.classList.remove("as-cards");
    table.querySelectorAll("[role]").forEach(function (element) {
      element.removeAttribute("role");
    });
    table.removeAttribute("role");
    table.querySelectorAll("[data-label-added]").forEach(function (cell) {
      cell.removeAttribute("data-label");
      delete cell.dataset.labelAdded;
    });
  }
}

function tableWrapsUpdate() {
  const phone = window.innerWidth <= PHONE;
  document.querySelectorAll(".table-wrap").forEach(function (wrap) {
    const table = wrap.querySelector(":scope > table.table");
    if (table && !table.classList.contains("keep-table")) {
      if (table.classList.contains("as-cards")) {
        tableAsCards(table, false);
      }
      if (phone && wrap.scrollWidth > wrap.clientWidth + 1) {
        tableAsCards(table, true);
      }
    }
    if (wrap.dataset.focusable === "always") {
      return;
    }
    if (wrap.hasAttribute("tabindex") && !wrap.dataset.focusable) {
      wrap.dataset.focusable = "always";  // the template made it focusable itself
      return;
    }
    const overflows = wrap.scrollWidth > wrap.clientWidth + 1;
    if (overflows && !wrap.dataset.focusable) {
      const caption = wrap.querySelector("caption");
      const section = wrap.closest("section");
      const heading = section ? section.querySelector("h2, h3") : null;
      const name = (caption || heading || { textContent: "Table" }).textContent.trim();
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", name + " (scrolls sideways)");
      wrap.dataset.focusable = "overflow";
    } else if (!overflows && wrap.dataset.focusable === "overflow") {
      wrap.removeAttribute("tabindex");
      wrap.removeAttribute("role");
      wrap.removeAttribute("aria-label");
      delete wrap.dataset.focusable;
    }
  });
}
document.addEventListener("DOMContentLoaded", tableWrapsUpdate);
document.addEventListener("htmx:afterSettle", tableWrapsUpdate);
let tableWrapsTimer = null;
window.addEventListener("resize", function () {
  clearTimeout(tableWrapsTimer);
  tableWrapsTimer = setTimeout(tableWrapsUpdate, 150);
});

// Sortable tables: click (or press Enter/Space on) a column header to sort by it; click again to
// reverse. Numbers sort as numbers (from data-value), empty values last; aria-sort tells screen
// readers the order. No dependencies.
(function () {
  "use strict";
  function key(cell, numeric) {
    var raw = cell ? (cell.getAttribute("data-value") !== null ? cell.getAttribute("data-value") : cell.textContent) : "";
    if (!numeric) { return raw.trim().toLowerCase(); }
    var value = parseFloat(raw);
    return isNaN(value) ? null : value;
  }
  function sort(table, column, direction) {
    var body = table.tBodies[0];
    var header = table.tHead.rows[0].cells[column];
    var numeric = header.querySelector("button").getAttribute("data-type") === "number";
    var rows = Array.prototype.slice.call(body.rows).map(function (row, index) {
      return { row: row, index: index, key: key(row.cells[column], numeric) };
    });
    var sign = direction === "ascending" ? 1 : -1;
    rows.sort(function (a, b) {
      if (a.key === null && b.key === null) { return a.index - b.index; }
      if (a.key === null) { return 1; }
      if (b.key === null) { return -1; }
      if (a.key < b.key) { return -sign; }
      if (a.key > b.key) { return sign; }
      return a.index - b.index;
    });
    rows.forEach(function (entry) { body.appendChild(entry.row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", direction);
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    // A table with a data source (a grid's results) is sorted by grid-table.js, over every row.
    if (table.hasAttribute("data-source")) { return; }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell, column) {
      var button = cell.querySelector("button");
      if (!button) { return; }
      button.addEventListener("click", function () {
        var current = cell.getAttribute("aria-sort");
        var next = current ? (current === "ascending" ? "descending" : "ascending") : button.getAttribute("data-first") || "ascending";
        sort(table, column, next);
      });
    });
  });
}());

// A grid's results table over every run (DESIGN section 7). The page holds the best rows as HTML,
// so it is light and complete without scripts; after the page has loaded, this script loads every
// row from the data file the table names (data-source, `BacklabTable.data(...)`), then filters,
// sorts and shows them a page at a time. Works from file:// (a script, not a fetch); no
// dependencies. Numbers are written exactly as Backlab's ValueFormat writes them, so a row reads
// the same from the data as from the page.
(function () {
  "use strict";
  var PAGE = 100;
  var tables = {};

  window.BacklabTable = {
    data: function (id, data) {
      if (tables[id]) { tables[id].ready(data); }
    }
  };

  // ValueFormat.fixed: `digits` decimals, rounded half away from zero, without "-0".
  function fixed(value, digits) {
    if (!isFinite(value) || Math.abs(value) >= 1e15) { return describe(value); }
    var scale = Math.pow(10, digits);
    var rounded = Math.round(Math.abs(value) * scale) / scale;
    var sign = value < 0 && rounded !== 0 ? "-" : "";
    var whole = Math.floor(rounded);
    var text = String(whole);
    if (digits > 0) {
      var fraction = String(Math.round((rounded - whole) * scale));
      while (fraction.length < digits) { fraction = "0" + fraction; }
      text += "." + fraction;
    }
    return sign + text;
  }
  // ValueFormat.grouped: `fixed` with thousands separators.
  function grouped(value, digits) {
    var text = fixed(value, digits);
    if (!(Math.abs(value) >= 1000 && Math.abs(value) < 1e15)) { return text; }
    var negative = text.charAt(0) === "-";
    var body = negative ? text.slice(1) : text;
    var parts = body.split(".");
    var whole = parts[0];
    for (var i = whole.length - 3; i > 0; i -= 3) { whole = whole.slice(0, i) + "," + whole.slice(i); }
    return (negative ? "-" : "") + whole + (parts.length > 1 ? "." + parts[1] : "");
  }
  function format(value, kind) {
    switch (kind) {
      case "percent": return fixed(value * 100, Math.abs(value) >= 10 ? 0 : Math.abs(value) >= 1 ? 1 : 2) + "%";
      case "money": return grouped(value, 2);
      case "ratio": return fixed(value, 2);
      case "count": return grouped(value, 0);
      case "decimal1": return fixed(value, 1);
      default: return plain(value);
    }
  }
  // ValueFormat.plain: whole numbers below 1e15 without a fraction, others as `describe`.
  function plain(value) {
    return value === Math.round(value) && Math.abs(value) < 1e15 ? String(value === 0 ? 0 : value) : describe(value);
  }
  // A Double as Swift writes it: the shortest digits, in exponent form below 1e-4 and from 2^53
  // (two exponent digits at least), and ".0" after a whole number.
  function describe(value) {
    var size = Math.abs(value);
    if (size !== 0 && (size < 1e-4 || size > 9007199254740992)) {
      var parts = /^(-?[\d.]+)e([+-])(\d+)$/.exec(value.toExponential());
      return parts[1] + "e" + parts[2] + (parts[3].length < 2 ? "0" + parts[3] : parts[3]);
    }
    return value === Math.round(value) ? String(value) + ".0" : String(value);
  }

  // A cell's text, as GridTable.text writes it.
  function cellText(value, column, failed) {
    if (value === null) { return column.key === "rank" ? "\u2013" : failed && column.metric ? "" : "n/a"; }
    return column.format ? format(value, column.format) : String(value);
  }
  // The number a filter compares: in the unit the table shows (percent columns in percent).
  function shown(value, column) { return column.format === "percent" ? value * 100 : value; }

  // The filter: terms separated by spaces, all of which a row must meet. `name<op>value` with op
  // one of < <= > >= = != compares a column (its key, a unique start of one, or its title);
  // a bare word must appear in some cell of the row.
  function parse(text, data) {
    var tests = [];
    // Terms are separated by spaces, except inside double quotes ("Sharpe ratio">0.5).
    var terms = text.match(/(?:"[^"]*"|[^\s"])+/g) || [];
    for (var i = 0; i < terms.length; i++) {
      var term = terms[i];
      var match = /^"([^"]+)"(<=|>=|!=|<|>|=)(.*)$/.exec(term) || /^([^<>=!"]+)(<=|>=|!=|<|>|=)(.*)$/.exec(term);
      if (!match) {
        tests.push(wordTest(term.replace(/"/g, "").toLowerCase(), data));
        continue;
      }
      var found = findColumn(match[1], data.columns);
      if (found.error) { return { error: found.error }; }
      var column = data.columns[found.index];
      var op = match[2];
      var raw = match[3];
      if (column.format) {
        var number = Number(raw.replace(/[%,]/g, ""));
        if (raw.trim() === "" || !isFinite(number)) { return { error: "'" + term + "': " + column.key + " is compared with a number, e.g. " + column.key + op + "1.5" }; }
        tests.push(numberTest(data.cells[found.index], column, op, number));
      } else {
        tests.push(textTest(data.cells[found.index], op, raw.toLowerCase()));
      }
    }
    return { tests: tests };
  }
  function findColumn(name, columns) {
    var lower = name.toLowerCase();
    var i;
    for (i = 0; i < columns.length; i++) {
      if (columns[i].key.toLowerCase() === lower || columns[i].title.toLowerCase() === lower) { return { index: i }; }
    }
    var starts = [];
    for (i = 0; i < columns.length; i++) {
      var key = columns[i].key.toLowerCase();
      if (key.indexOf(lower) === 0 && (lower.indexOf("@") >= 0 || key.indexOf("@") < 0)) { starts.push(i); }
    }
    if (starts.length === 1) { return { index: starts[0] }; }
    if (starts.length > 1) {
      return { error: "'" + name + "' could be " + starts.map(function (s) { return columns[s].key; }).join(", ") + ": write more of it" };
    }
    return { error: "no column '" + name + "'; columns: " + columns.map(function (c) { return /[\s<>=!"]/.test(c.key) ? '"' + c.key + '"' : c.key; }).join(", ") };
  }
  function compare(a, op, b) {
    switch (op) {
      case "<": return a < b;
      case "<=": return a <= b;
      case ">": return a > b;
      case ">=": return a >= b;
      case "=": return a === b;
      default: return a !== b;
    }
  }
  function numberTest(cells, column, op, number) {
    return function (row) {
      var value = cells[row];
      if (value === null) { return false; }
      var v = shown(value, column);
      // = and != compare what the cell shows, not digits it does not show.
      if (op === "=" || op === "!=") { return compare(cellText(value, column, false), op, cellText(column.format === "percent" ? number / 100 : number, column, false)); }
      return compare(v, op, number);
    };
  }
  function textTest(cells, op, text) {
    return function (row) { return compare(String(cells[row]).toLowerCase(), op, text); };
  }
  function wordTest(word, data) {
    return function (row) {
      for (var c = 0; c < data.columns.length; c++) {
        var value = data.cells[c][row];
        if (cellText(value, data.columns[c], data.states[row] === 2).toLowerCase().indexOf(word) >= 0) { return true; }
      }
      return false;
    };
  }

  function GridTable(table) {
    var self = this;
    var tools = document.querySelector('[data-tools-for="' + table.id + '"]');
    var input = tools.querySelector("input");
    var status = tools.querySelector(".table-status");
    // Previous / Next above the table, and again below it.
    var bottom = document.querySelector('[data-pager-for="' + table.id + '"]');
    var previous = Array.prototype.slice.call(document.querySelectorAll('[data-pager-of="' + table.id + '"] [data-page="previous"]'));
    var next = Array.prototype.slice.call(document.querySelectorAll('[data-pager-of="' + table.id + '"] [data-page="next"]'));
    var headers = table.tHead.rows[0].cells;
    var data = null;
    var order = [];
    var page = 0;
    var sorted = null;

    function setStatus(text, invalid) {
      status.textContent = text;
      if (invalid) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
    }
    function applyFilter() {
      var all = data.runs.length;
      var parsed = parse(input.value, data);
      if (parsed.error) {
        setStatus("Filter: " + parsed.error, true);
        return false;
      }
      order = [];
      for (var row = 0; row < all; row++) {
        var keep = true;
        for (var t = 0; t < parsed.tests.length && keep; t++) { keep = parsed.tests[t](row); }
        if (keep) { order.push(row); }
      }
      if (sorted) { sortOrder(); }
      page = 0;
      return true;
    }
    function sortOrder() {
      var c = sorted.column;
      var cells = data.cells[c];
      var numeric = !!data.columns[c].format;
      var sign = sorted.direction === "ascending" ? 1 : -1;
      order.sort(function (a, b) {
        var x = cells[a];
        var y = cells[b];
        if (x === null || y === null) { return x === y ? a - b : x === null ? 1 : -1; }
        if (!numeric) { x = String(x).toLowerCase(); y = String(y).toLowerCase(); }
        if (x < y) { return -sign; }
        if (x > y) { return sign; }
        return a - b;
      });
    }
    function render() {
      var body = table.tBodies[0];
      var fragment = document.createDocumentFragment();
      var first = page * PAGE;
      var last = Math.min(order.length, first + PAGE);
      for (var i = first; i < last; i++) { fragment.appendChild(rowElement(order[i])); }
      body.textContent = "";
      body.appendChild(fragment);
      var all = data.runs.length;
      var of = order.length === all ? "" : " matching (of " + format(all, "count") + ")";
      setStatus(order.length === 0 ? "No row matches." + (of ? " " + all + " rows in all." : "")
        : "Rows " + format(first + 1, "count") + "\u2013" + format(last, "count") + " of " + format(order.length, "count") + of, false);
      previous.forEach(function (button) { button.disabled = page === 0; });
      next.forEach(function (button) { button.disabled = last >= order.length; });
      if (bottom) {
        bottom.hidden = order.length <= PAGE;
        bottom.querySelector(".table-status").textContent = status.textContent;
      }
    }
    function rowElement(row) {
      var tr = document.createElement("tr");
      tr.id = "run-" + data.runs[row];
      var state = data.states[row];
      if (state === 2) { tr.className = "failed"; } else if (state === 1) { tr.className = "unranked"; }
      for (var c = 0; c < data.columns.length; c++) {
        var column = data.columns[c];
        var value = data.cells[c][row];
        var td = document.createElement("td");
        td.setAttribute("data-value", value === null ? "" : String(value));
        var text = cellText(value, column, state === 2);
        var link = c === 0 ? data.links[String(row)] : undefined;
        if (link) {
          var a = document.createElement("a");
          a.href = link;
          a.textContent = text;
          td.appendChild(a);
        } else {
          td.textContent = text;
        }
        if (value !== null && column.best !== null && value === column.best) {
          td.className = "best";
          var mark = document.createElement("span");
          mark.className = "mark";
          mark.setAttribute("aria-label", "best");
          mark.textContent = " \u2605";
          td.appendChild(mark);
        } else if (column.negative && value !== null && value < 0) {
          td.className = "neg";
        }
        tr.appendChild(td);
      }
      return tr;
    }
    // Shows the row of `#run-N` (clearing a filter that hides it) and scrolls to it.
    function reveal() {
      var match = /^#run-(\d+)$/.exec(window.location.hash);
      if (!match || !data) { return; }
      var run = Number(match[1]);
      var row = data.runs.indexOf(run);
      if (row < 0) { return; }
      var position = order.indexOf(row);
      if (position < 0) {
        input.value = "";
        applyFilter();
        position = order.indexOf(row);
      }
      page = Math.floor(position / PAGE);
      render();
      var element = document.getElementById("run-" + run);
      if (element) {
        element.classList.add("target");
        element.scrollIntoView({ block: "center" });
      }
    }

    this.ready = function (loaded) {
      data = loaded;
      order = data.runs.map(function (_, row) { return row; });
      tools.hidden = false;
      var note = document.querySelector('[data-note-for="' + table.id + '"]');
      if (note) { note.hidden = true; }
      render();
      reveal();
    };
    input.addEventListener("input", function () {
      if (data && applyFilter()) { render(); }
    });
    // A page turned from below shows the new page from its top.
    function turn(step, fromBottom) {
      page += step;
      render();
      if (fromBottom) { table.scrollIntoView({ block: "start" }); }
    }
    previous.forEach(function (button) {
      button.addEventListener("click", function () { if (page > 0) { turn(-1, bottom && bottom.contains(button)); } });
    });
    next.forEach(function (button) {
      button.addEventListener("click", function () { if ((page + 1) * PAGE < order.length) { turn(1, bottom && bottom.contains(button)); } });
    });
    Array.prototype.forEach.call(headers, function (cell, column) {
      var button = cell.querySelector("button");
      if (!button) { return; }
      button.addEventListener("click", function () {
        if (!data) { return; }
        var current = cell.getAttribute("aria-sort");
        var direction = current ? (current === "ascending" ? "descending" : "ascending") : button.getAttribute("data-first") || "ascending";
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
        cell.setAttribute("aria-sort", direction);
        sorted = { column: column, direction: direction };
        sortOrder();
        page = 0;
        render();
      });
    });
    window.addEventListener("hashchange", reveal);
    // A link to the row already in the address bar changes no hash: show the row all the same.
    document.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest('a[href^="#run-"]') : null;
      if (link && link.getAttribute("href") === window.location.hash) { setTimeout(reveal, 0); }
    });
    self.reveal = reveal;
    self.source = table.getAttribute("data-source");
  }

  var pending = [];
  Array.prototype.forEach.call(document.querySelectorAll("table[data-source]"), function (table) {
    if (!document.querySelector('[data-tools-for="' + table.id + '"]')) { return; }
    tables[table.id] = new GridTable(table);
    pending.push(tables[table.id]);
  });
  // The rows load after the page has been drawn, so a large grid's page shows at once.
  function load() {
    pending.forEach(function (grid) {
      var script = document.createElement("script");
      script.src = grid.source;
      script.onerror = function () {
        var tools = document.querySelector(".table-tools");
        if (tools) { tools.hidden = false; tools.querySelector(".table-status").textContent = "The rows could not be loaded (" + grid.source + "); the page shows the best rows."; }
      };
      document.body.appendChild(script);
    });
  }
  // A large heatmap (data-grid): a click on a cell goes to its run, its page (runs/N.html) where
  // it has one, else its row in the table.
  Array.prototype.forEach.call(document.querySelectorAll(".heatmap-figure[data-grid]"), function (figure) {
    var grid = figure.getAttribute("data-grid").split(" ").map(Number);
    var rows = Number(figure.getAttribute("data-rows"));
    var columns = Number(figure.getAttribute("data-columns"));
    var runs = figure.getAttribute("data-runs").split(" ").map(Number);
    var pages = {};
    (figure.getAttribute("data-pages") || "").split(" ").forEach(function (run) { if (run) { pages[run] = true; } });
    function runAt(event) {
      var box = figure.querySelector("img").getBoundingClientRect();
      var x = (event.clientX - box.left) / box.width * 100;
      var y = (event.clientY - box.top) / box.height * 100;
      var column = Math.floor((x - grid[0]) / grid[2] * columns);
      var row = Math.floor((y - grid[1]) / grid[3] * rows);
      return column < 0 || row < 0 || column >= columns || row >= rows ? 0 : runs[row * columns + column];
    }
    figure.addEventListener("click", function (event) {
      var run = runAt(event);
      if (!run) { return; }
      if (pages[run]) { window.location.href = "runs/" + run + ".html"; return; }
      var again = window.location.hash === "#run-" + run;
      window.location.hash = "#run-" + run;
      if (again) { Object.keys(tables).forEach(function (id) { tables[id].reveal(); }); }
    });
    figure.addEventListener("mousemove", function (event) { figure.style.cursor = runAt(event) ? "pointer" : ""; });
  });
  if (document.readyState === "complete") { setTimeout(load, 0); } else { window.addEventListener("load", function () { setTimeout(load, 0); }); }
}());

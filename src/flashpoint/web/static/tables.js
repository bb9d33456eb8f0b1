// Tables inside .table-box sort when a header is clicked (numbers as numbers) and show
// PAGE rows at a time with previous/next links. Server-sorted tables (data-sort) are left alone.
(function () {
  var PAGE = 25;

  function cellValue(row, index) {
    var cell = row.cells[index];
    return cell ? cell.textContent.trim() : "";
  }

  function compare(a, b) {
    var x = parseFloat(a), y = parseFloat(b);
    if (!isNaN(x) && !isNaN(y) && /^-?[\d.,]+$/.test(a) && /^-?[\d.,]+$/.test(b)) return x - y;
    if (a === "") return 1;
    if (b === "") return -1;
    return a.localeCompare(b);
  }

  function bodyRows(table) {
    return Array.prototype.slice.call(table.rows).filter(function (r) { return r.querySelector("td"); });
  }

  function paginate(table, box) {
    var rows = bodyRows(table), pages = Math.ceil(rows.length / PAGE);
    var nav = box.querySelector(".table-pager");
    if (pages <= 1) { if (nav) nav.remove(); rows.forEach(function (r) { r.hidden = false; }); return; }
    var current = Math.min(parseInt(box.dataset.page || "1", 10), pages);
    rows.forEach(function (r, i) { r.hidden = Math.floor(i / PAGE) + 1 !== current; });
    if (!nav) { nav = document.createElement("div"); nav.className = "pager table-pager"; box.appendChild(nav); }
    nav.textContent = "";
    function link(label, page, cls) {
      var a = document.createElement("a");
      a.href = "#"; a.textContent = label; a.className = cls;
      a.addEventListener("click", function (e) { e.preventDefault(); box.dataset.page = page; paginate(table, box); });
      nav.appendChild(a);
    }
    if (current > 1) link("← previous", current - 1, "prev");
    var info = document.createElement("span");
    info.textContent = "page " + current + " of " + pages + " · " + rows.length + " rows";
    nav.appendChild(info);
    if (current < pages) link("next →", current + 1, "next");
  }

  function sortBy(table, box, th, index) {
    var descending = th.dataset.order !== "desc";
    Array.prototype.forEach.call(th.parentNode.cells, function (c) { delete c.dataset.order; c.classList.remove("sorted"); });
    th.dataset.order = descending ? "desc" : "asc";
    th.classList.add("sorted");
    var rows = bodyRows(table), parent = rows.length ? rows[0].parentNode : null;
    rows.sort(function (a, b) {
      var d = compare(cellValue(a, index), cellValue(b, index));
      return descending ? -d : d;
    });
    rows.forEach(function (r) { parent.appendChild(r); });
    box.dataset.page = "1";
    paginate(table, box);
  }

  document.querySelectorAll(".table-box > table").forEach(function (table) {
    if (table.dataset.sort) return;
    var box = table.parentNode, head = table.rows[0];
    if (!head || head.querySelector("td")) return;
    Array.prototype.forEach.call(head.cells, function (th, index) {
      th.classList.add("sortable");
      th.title = "sort";
      th.addEventListener("click", function () { sortBy(table, box, th, index); });
    });
    paginate(table, box);
  });
})();

// Draws a winner's results (FCR and Csat by year) as a chart from the table beside it; the table stays for screen
// readers and for anyone without scripts. No inline script: the page is output cached, so it cannot carry a nonce.
(function () {
  if (typeof Chart === "undefined") return;
  document.querySelectorAll("table[data-results-chart]").forEach(function (table) {
    var canvas = document.getElementById(table.getAttribute("data-results-chart"));
    if (!canvas) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var years = rows.map(function (r) { return r.cells[0].textContent.trim(); });
    function column(i) {
      return rows.map(function (r) { var v = parseFloat(r.cells[i].textContent); return isNaN(v) ? null : v; });
    }
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: years,
        datasets: [
          { label: "FCR (%)", data: column(1), backgroundColor: "#0f766e" },
          { label: "Csat (%)", data: column(2), backgroundColor: "#f5b942" }
        ]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { beginAtZero: true, max: 100, ticks: { callback: function (v) { return v + "%"; } } } },
        plugins: { legend: { position: "bottom" } }
      }
    });
    canvas.setAttribute("data-drawn", "true");
  });
})();

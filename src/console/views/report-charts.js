// Draws the report page's charts with chart.js (served from node_modules at /assets/chart.js). The data
// comes from the page's <script type="application/json" id="datos-informe">; every chart also has a
// text description and a data table in the page, so nothing here is needed to read the figures.
(function drawReportCharts() {
  'use strict';
  var source = document.getElementById('datos-informe');
  if (!source || typeof window.Chart === 'undefined') return;
  var data = JSON.parse(source.textContent || '{}');
  var palette = ['#1b5e8c', '#d9480f', '#2b8a3e', '#7048e8', '#a86e00'];
  var numbers = new Intl.NumberFormat('es-MX');
  window.Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  window.Chart.defaults.font.size = 13;
  window.Chart.defaults.color = '#1f2933';
  // Long labels go on two or more lines, so a bar chart's labels are never cut on a narrow screen.
  function wrap(label) {
    if (label.length <= 18) return label;
    var lines = [];
    label.split(' ').forEach(function (word) {
      var last = lines[lines.length - 1];
      if (last !== undefined && (last + ' ' + word).length <= 18) lines[lines.length - 1] = last + ' ' + word;
      else lines.push(word);
    });
    return lines;
  }
  // Every category keeps its label (chart.js would skip some when space is short); counts are whole numbers.
  function scales(indexAxis) {
    var category = { ticks: { autoSkip: false } };
    var value = { beginAtZero: true, ticks: { precision: 0, maxRotation: 0, autoSkipPadding: 12 } };
    return indexAxis === 'y' ? { x: value, y: category } : { x: category, y: value };
  }
  (data.charts || []).forEach(function (chart) {
    var canvas = document.getElementById('grafica-' + chart.id);
    if (!canvas) return;
    var doughnut = chart.type === 'doughnut';
    new window.Chart(canvas, {
      type: chart.type,
      data: {
        labels: chart.type === 'doughnut' ? chart.labels : chart.labels.map(wrap),
        datasets: [{
          label: chart.title,
          data: chart.values,
          backgroundColor: doughnut ? palette.slice(0, chart.values.length) : palette[0],
          borderColor: '#ffffff',
          borderWidth: doughnut ? 2 : 0,
          borderRadius: doughnut ? 0 : 4,
        }],
      },
      options: {
        indexAxis: chart.indexAxis,
        locale: 'es-MX',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: doughnut, position: 'bottom' },
          tooltip: { callbacks: { label: function (item) { return ' ' + item.label + ': ' + numbers.format(item.raw); } } },
        },
        scales: doughnut ? {} : scales(chart.indexAxis),
      },
    });
  });
  window.reportChartsReady = true;
})();

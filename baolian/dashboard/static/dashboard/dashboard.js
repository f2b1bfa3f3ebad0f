/* Dashboard charts (ECharts) and the community map (Leaflet with tiles, or a plain canvas).
   Data comes from the page's <script type="application/json" id="dashboard-data">; every bar
   and point opens the list behind it. No inline script: the page's CSP can forbid it. */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source) { return; }
  var data = JSON.parse(source.textContent);
  var labels = document.getElementById("dashboard-labels").dataset;
  var charts = [];
  var COLORS = ["#2563eb", "#16a34a", "#f59e0b", "#dc2626", "#7c3aed", "#0891b2", "#db2777", "#65a30d"];

  function go(url) { if (url) { window.location.href = url; } }
  function narrow() { return window.innerWidth < 600; }

  function grid() { return { left: 8, right: 16, top: 36, bottom: 8, containLabel: true }; }

  var builders = {
    visits_by_street: function (d) {
      return {
        option: {
          color: COLORS, tooltip: { trigger: "axis" }, legend: { type: "scroll", top: 0 }, grid: grid(),
          xAxis: { type: "category", data: d.months }, yAxis: { type: "value", minInterval: 1 },
          series: d.series.map(function (s) { return { name: s.name, type: "bar", stack: "v", data: s.data }; })
        },
        link: function (p) { return d.series[p.seriesIndex] && d.series[p.seriesIndex].links[p.dataIndex]; }
      };
    },
    unit_average: function (d) {
      var lines = [];
      if (d.quota !== null) { lines.push({ xAxis: d.quota, name: labels.quota, lineStyle: { color: "#16a34a" }, label: { formatter: labels.quota + " {c}" } }); }
      if (d.low_line !== null) { lines.push({ xAxis: d.low_line, name: labels.low, lineStyle: { color: "#dc2626" }, label: { formatter: labels.low + " {c}" } }); }
      return {
        height: Math.max(280, d.units.length * 22 + 60),
        option: {
          tooltip: { trigger: "axis", axisPointer: { type: "shadow" } }, grid: grid(),
          yAxis: { type: "category", data: d.units, inverse: true, axisLabel: { width: narrow() ? 90 : 180, overflow: "truncate" } },
          // The quota line stays in view even when every unit is far below it.
          xAxis: { type: "value", max: function (v) { return Math.ceil(Math.max(v.max, d.quota || 0) * 1.1); } },
          series: [{
            name: labels.average, type: "bar", data: d.values.map(function (v) {
              var color = v === null ? "#9ca3af" : (v >= d.quota ? "#16a34a" : (v < d.low_line ? "#dc2626" : "#f59e0b"));
              return { value: v, itemStyle: { color: color } };
            }),
            markLine: { symbol: "none", silent: true, data: lines }
          }]
        },
        link: function (p) { return d.links[p.dataIndex]; }
      };
    },
    leader_led: function (d) {
      return {
        option: {
          color: ["#7c3aed", "#2563eb", "#cbd5e1"], tooltip: { trigger: "axis" }, legend: { top: 0 }, grid: grid(),
          xAxis: { type: "category", data: d.months }, yAxis: { type: "value", minInterval: 1 },
          series: [
            { name: labels.leader, type: "bar", stack: "l", data: d.leader },
            { name: labels.head, type: "bar", stack: "l", data: d.head },
            { name: labels.other, type: "bar", stack: "l", data: d.other }
          ]
        },
        link: function (p) { return d.links[p.dataIndex]; }
      };
    },
    lag: function (d) {
      return {
        option: {
          color: ["#16a34a", "#dc2626", "#111827"], tooltip: { trigger: "axis" }, legend: { top: 0 }, grid: grid(),
          xAxis: { type: "category", data: d.months },
          yAxis: [{ type: "value", minInterval: 1 }, { type: "value", max: 100, axisLabel: { formatter: "{value}%" } }],
          series: [
            { name: labels.ontime, type: "bar", stack: "t", data: d.on_time },
            { name: labels.late, type: "bar", stack: "t", data: d.late },
            { name: labels.lateshare, type: "line", yAxisIndex: 1, data: d.late_share }
          ]
        },
        link: function (p) { return d.links[p.dataIndex]; }
      };
    },
    flags: function (d) {
      return {
        option: {
          color: ["#f59e0b"], tooltip: { trigger: "axis" }, grid: grid(),
          yAxis: { type: "category", data: d.kinds, inverse: true }, xAxis: { type: "value", minInterval: 1 },
          series: [{ name: labels.flags, type: "bar", data: d.values }]
        },
        link: function (p) { return d.links[p.dataIndex]; }
      };
    },
    problems: function (d) {
      return {
        option: {
          color: ["#f59e0b", "#16a34a", "#2563eb"], tooltip: { trigger: "axis" }, legend: { top: 0 }, grid: grid(),
          xAxis: { type: "category", data: d.months },
          yAxis: [{ type: "value", minInterval: 1 }, { type: "value", axisLabel: { formatter: "{value}%" } }],
          series: [
            { name: labels.found, type: "bar", data: d.found },
            { name: labels.closed, type: "bar", data: d.closed },
            { name: labels.rate, type: "line", yAxisIndex: 1, data: d.closure_rate }
          ]
        },
        link: function (p) { return p.seriesIndex === 1 ? d.links_closed[p.dataIndex] : d.links_found[p.dataIndex]; }
      };
    },
    funds: function (d) {
      return {
        height: Math.max(280, d.units.length * 22 + 60),
        option: {
          color: ["#2563eb", "#cbd5e1"], tooltip: { trigger: "axis", axisPointer: { type: "shadow" } }, legend: { top: 0 }, grid: grid(),
          yAxis: { type: "category", data: d.units, inverse: true, axisLabel: { width: narrow() ? 90 : 180, overflow: "truncate" } },
          xAxis: { type: "value" },
          series: [
            { name: labels.invested, type: "bar", stack: "f", data: d.invested },
            { name: labels.pledged, type: "bar", stack: "f", data: d.pledged }
          ]
        },
        link: function (p) { return d.links[p.dataIndex]; }
      };
    }
  };

  function drawCharts() {
    if (!window.echarts) { return; }
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var d = data.charts[el.dataset.chart];
      var built = d && builders[el.dataset.chart](d);
      if (!built) { return; }
      if (el.dataset.empty === "1") { el.hidden = true; return; }  // "nothing" is said in words
      if (built.height) { el.style.height = built.height + "px"; }
      var chart = window.echarts.init(el, null, { renderer: "canvas" });
      built.option.animation = false;  // drawn at once: a phone on a slow link, a test reading pixels
      chart.setOption(built.option);
      chart.on("click", function (p) { go(built.link(p)); });
      el.dataset.drawn = "1";
      charts.push(chart);
    });
  }

  var STATE_COLORS = { ok: "#16a34a", overdue: "#f59e0b", none: "#dc2626" };

  function drawTiledMap(el, points) {
    var map = window.L.map(el);
    window.L.tileLayer(el.dataset.tiles, {
      subdomains: el.dataset.subdomains || "abc", attribution: el.dataset.attribution || "", maxZoom: 18
    }).addTo(map);
    var bounds = [];
    points.forEach(function (p) {
      var marker = window.L.circleMarker([p.lat, p.lon], {
        radius: 7, color: "#fff", weight: 1, fillColor: STATE_COLORS[p.state], fillOpacity: 0.9
      }).addTo(map);
      marker.bindTooltip(p.street + " " + p.name + "：" + p.visits);
      marker.on("click", function () { go(p.link); });
      bounds.push([p.lat, p.lon]);
    });
    map.fitBounds(bounds, { padding: [20, 20], maxZoom: 15 });
    el.dataset.drawn = "1";
  }

  // Without tiles (an intranet): the communities as dots on a plain, equal-scale plane.
  function drawPlainMap(el, points) {
    var canvas = document.createElement("canvas");
    var ratio = window.devicePixelRatio || 1;
    var width = el.clientWidth, height = el.clientHeight;
    canvas.width = width * ratio; canvas.height = height * ratio;
    canvas.style.width = width + "px"; canvas.style.height = height + "px";
    el.appendChild(canvas);
    var ctx = canvas.getContext("2d");
    ctx.scale(ratio, ratio);
    var lats = points.map(function (p) { return p.lat; }), lons = points.map(function (p) { return p.lon; });
    var minLat = Math.min.apply(null, lats), maxLat = Math.max.apply(null, lats);
    var minLon = Math.min.apply(null, lons), maxLon = Math.max.apply(null, lons);
    var kx = Math.cos((minLat + maxLat) / 2 * Math.PI / 180);
    var spanX = Math.max((maxLon - minLon) * kx, 1e-4), spanY = Math.max(maxLat - minLat, 1e-4);
    var pad = 16, scale = Math.min((width - 2 * pad) / spanX, (height - 2 * pad) / spanY);
    var placed = points.map(function (p) {
      return {
        p: p,
        x: width / 2 + ((p.lon - (minLon + maxLon) / 2) * kx) * scale,
        y: height / 2 - (p.lat - (minLat + maxLat) / 2) * scale
      };
    });
    placed.forEach(function (q) {
      ctx.beginPath(); ctx.arc(q.x, q.y, 6, 0, 2 * Math.PI);
      ctx.fillStyle = STATE_COLORS[q.p.state]; ctx.fill();
      ctx.strokeStyle = "#fff"; ctx.stroke();
    });
    canvas.addEventListener("click", function (event) {
      var box = canvas.getBoundingClientRect(), x = event.clientX - box.left, y = event.clientY - box.top;
      var hit = placed.filter(function (q) { return Math.hypot(q.x - x, q.y - y) <= 9; })[0];
      if (hit) { go(hit.p.link); }
    });
    canvas.addEventListener("mousemove", function (event) {
      var box = canvas.getBoundingClientRect(), x = event.clientX - box.left, y = event.clientY - box.top;
      var hit = placed.filter(function (q) { return Math.hypot(q.x - x, q.y - y) <= 9; })[0];
      canvas.title = hit ? hit.p.street + " " + hit.p.name + "：" + hit.p.visits : "";
      canvas.style.cursor = hit ? "pointer" : "default";
    });
    el.dataset.drawn = "1";
  }

  function drawMap() {
    var el = document.getElementById("map");
    var points = (data.map && data.map.points) || [];
    if (!el || !points.length) { if (el) { el.hidden = true; } return; }
    if (el.dataset.tiles && window.L) { drawTiledMap(el, points); } else { drawPlainMap(el, points); }
  }

  function start() {
    drawCharts();
    drawMap();
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();

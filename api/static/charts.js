// cchc-kg charts: draws every <div data-chart="ID"> from the JSON in <script id="ID"> with Apache ECharts
// (api/static/vendor/echarts, shipped with the package: no request leaves the server). The data comes
// with the page (api/web/charts.py); the table under each chart shows the same numbers without JS.
(function () {
  "use strict";
  if (!window.echarts) { return; }

  function quarterOf(month) {
    return month.slice(0, 4) + "-Q" + (Math.floor((parseInt(month.slice(5, 7), 10) - 1) / 3) + 1);
  }

  // the spec's categories and series at a grain: a timeline by quarter adds up its months
  function atGrain(spec, grain) {
    if (spec.kind !== "timeline" || grain !== "quarter") {
      return { labels: spec.labels, links: spec.links || [], series: spec.series };
    }
    var labels = [], index = {};
    spec.keys.forEach(function (month) {
      var q = quarterOf(month);
      if (!(q in index)) { index[q] = labels.length; labels.push(q); }
    });
    var series = spec.series.map(function (s) {
      var data = labels.map(function () { return 0; });
      s.data.forEach(function (value, i) { data[index[quarterOf(spec.keys[i])]] += value; });
      return { name: s.name, color: s.color, data: data };
    });
    return { labels: labels, links: [], series: series };
  }

  function option(spec, grain, small) {
    var shown = atGrain(spec, grain);
    var horizontal = spec.kind === "hbar";
    var several = shown.series.length > 1;
    var category = {
      type: "category",
      data: shown.labels,
      axisTick: { alignWithLabel: true },
      axisLabel: horizontal
        ? { width: small ? 150 : 260, overflow: "truncate", interval: 0 }
        : { hideOverlap: true }
    };
    var value = { type: "value", minInterval: 1, splitLine: { lineStyle: { color: "#eef2f6" } } };
    if (horizontal) { category.inverse = true; }
    var zoom = spec.kind === "timeline" && shown.labels.length > (small ? 24 : 60);
    return {
      animation: false,
      color: shown.series.map(function (s) { return s.color; }),
      textStyle: { fontFamily: "system-ui, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', Arial, sans-serif" },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, confine: true },
      legend: several ? { top: 0, type: "scroll" } : { show: false },
      grid: {
        left: 8, right: small ? 16 : 40, top: several ? 32 : 12, bottom: zoom ? 48 : 8,
        outerBoundsMode: "same", outerBoundsContain: "axisLabel"  // labels inside the box (ECharts 6)
      },
      toolbox: small ? { show: false } : {
        right: 0, top: several ? 24 : 0,
        feature: { saveAsImage: { title: spec.text.save, name: spec.text.title, pixelRatio: 2 } }
      },
      dataZoom: zoom ? [{ type: "inside" }, { type: "slider", height: 18, bottom: 8 }] : [],
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? category : value,
      series: shown.series.map(function (s) {
        return {
          type: "bar", name: s.name, data: s.data, stack: several ? "total" : undefined,
          barMaxWidth: 28, emphasis: { focus: "series" }
        };
      })
    };
  }

  function grainButtons(figure, spec, draw) {
    var group = document.createElement("div");
    group.className = "chart-grain";
    group.setAttribute("role", "group");
    ["month", "quarter"].forEach(function (grain) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = spec.text[grain];
      button.dataset.grain = grain;
      button.setAttribute("aria-pressed", String(grain === spec.grain));
      button.addEventListener("click", function () {
        group.querySelectorAll("button").forEach(function (b) {
          b.setAttribute("aria-pressed", String(b === button));
        });
        draw(grain);
      });
      group.appendChild(button);
    });
    figure.insertBefore(group, figure.querySelector(".chart-canvas"));
  }

  function render(element) {
    var source = document.getElementById(element.dataset.chart);
    if (!source) { return; }
    var spec = JSON.parse(source.textContent);
    var figure = element.closest("figure");
    var small = figure.classList.contains("small");
    element.textContent = "";
    var chart = window.echarts.init(element, null, { renderer: "canvas" });
    var current = spec.grain;
    function draw(grain) {
      current = grain;
      chart.setOption(option(spec, grain, small), true);
      element.dataset.grain = grain;
    }
    draw(spec.grain);
    chart.on("click", function (params) {
      var links = atGrain(spec, current).links;
      var url = links[params.dataIndex];
      if (url) { window.location.href = url; }
    });
    if (spec.kind === "timeline") { grainButtons(figure, spec, draw); }
    if (window.ResizeObserver) {
      new ResizeObserver(function () { chart.resize(); }).observe(element);
    }
    element.dataset.ready = "true";
  }

  document.querySelectorAll("[data-chart]").forEach(render);
})();

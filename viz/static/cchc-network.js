/*
 * cchc-kg network page: draws the graph data embedded in #cchc-graph-data with vis-network.
 * Physics runs until stabilisation (bounded iterations), then stops; window.cchcStabilized is set.
 * Texts from the documents go into the DOM with textContent only (tooltips and the task panel).
 * cchc-kg, MIT licence.
 */
(function () {
  "use strict";

  var dataElement = document.getElementById("cchc-graph-data");
  var data = JSON.parse(dataElement.textContent);
  var words = data.strings || {};
  var container = document.getElementById("cchc-network");
  var loading = document.getElementById("cchc-loading");
  var progress = document.getElementById("cchc-progress");
  var details = document.getElementById("cchc-details");

  window.cchcStabilized = false;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function tooltip(lines) {
    var box = element("div", "cchc-tooltip");
    (lines || []).forEach(function (line, index) {
      box.appendChild(element("div", index === 0 ? "cchc-tooltip-head" : "cchc-tooltip-line", line));
    });
    return box;
  }

  function finish() {
    if (loading) loading.hidden = true;
    window.cchcStabilized = true;
    document.body.setAttribute("data-stabilized", "true");
  }

  function showDetails(item) {
    while (details.firstChild) details.removeChild(details.firstChild);
    var lines = item.info || [];
    details.appendChild(element("h2", "cchc-details-title", lines.length ? lines[0] : ""));
    lines.slice(1).forEach(function (line) {
      details.appendChild(element("p", "cchc-details-line", line));
    });
    var tasks = item.tasks || [];
    details.appendChild(element("h3", "cchc-details-tasks", (words.tasks || "Tasks") + " (" + tasks.length + ")"));
    if (!tasks.length) {
      details.appendChild(element("p", "cchc-hint", words.no_tasks || ""));
      return;
    }
    var list = element("ol", "cchc-task-list");
    tasks.forEach(function (task) {
      var row = element("li", "cchc-task");
      if (task.role) {
        row.appendChild(element("span", "cchc-role cchc-role-" + (task.roleKey || "other"), task.role));
        row.appendChild(document.createTextNode(" "));
      }
      row.appendChild(element("span", "cchc-task-text", task.text));
      list.appendChild(row);
    });
    details.appendChild(list);
  }

  var nodesById = {};
  var nodes = data.nodes.map(function (node) {
    nodesById[node.id] = node;
    var item = {};
    Object.keys(node).forEach(function (key) {
      if (key !== "info" && key !== "tasks" && key !== "title") item[key] = node[key];
    });
    item.title = tooltip(node.info);
    return item;
  });
  var edgesById = {};
  var edges = data.edges.map(function (edge, index) {
    var id = "e" + index;
    edgesById[id] = edge;
    var item = { id: id };
    Object.keys(edge).forEach(function (key) {
      if (key !== "info" && key !== "tasks" && key !== "title" && key !== "id") item[key] = edge[key];
    });
    item.title = tooltip(edge.info);
    return item;
  });

  if (!nodes.length) {
    container.appendChild(element("p", "cchc-empty", words.empty || ""));
    finish();
    return;
  }

  var network = new vis.Network(
    container,
    { nodes: new vis.DataSet(nodes), edges: new vis.DataSet(edges) },
    data.options
  );
  window.cchcNetwork = network;

  network.on("stabilizationProgress", function (params) {
    if (progress && params.total) progress.textContent = Math.round((100 * params.iterations) / params.total) + "%";
  });
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: false });
    network.fit();
    finish();
  });
  network.on("click", function (params) {
    if (params.nodes.length) showDetails(nodesById[params.nodes[0]]);
    else if (params.edges.length) showDetails(edgesById[params.edges[0]]);
  });
  // a network with physics disabled by the options never stabilises: it is laid out once drawn
  if (!data.options.physics || data.options.physics.enabled === false) {
    network.once("afterDrawing", finish);
  }
})();

/*
 * cchc-kg network page: draws the graph data embedded in #cchc-graph-data with vis-network.
 *
 * Layout. Up to 800 nodes (data.layout === "fixed") the script places the nodes itself before vis-network
 * draws anything: a force layout (Fruchterman-Reingold) in which each community (data: node.community)
 * also pulls its members together, from a seeded start, then a pass that pushes overlapping nodes apart.
 * Physics stays off, so the first drawing is the final one (no progress, nothing moves) and
 * window.cchcStabilized is set once it is drawn. Bigger networks use vis-network's bounded Barnes-Hut
 * stabilisation, then physics is switched off.
 *
 * Labels. Round nodes (agencies, tasks) show their label only where it overlaps no other label or node,
 * the best-linked first (node.rank), at a constant 12 px on screen; zooming in makes room for more.
 * Boxes (documents, plans) always carry theirs.
 *
 * Tools (when the page has them): #cchc-search finds a node by name (without diacritics or case),
 * #cchc-colour colours by community or by kind, #cchc-png downloads the drawing as PNG, and any element
 * with data-node="<id>" (the side table) focuses its node when clicked.
 *
 * Texts from the documents go into the DOM with textContent only (tooltips and the task panel).
 * cchc-kg, MIT licence.
 */
(function () {
  "use strict";

  var LABEL_PX = 12;
  var TOP_LABELS = 3; // the best-linked nodes whose labels may cross another node (not another label)
  var FONT_FACE = "DejaVu Sans, Arial, sans-serif";

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

  function format(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (_, key) {
      return values[key] === undefined ? "" : String(values[key]);
    });
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
    if (!details) return;
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

  // -- layout ------------------------------------------------------------------------------------------

  function random(seed) {
    // mulberry32: the same start, so the same drawing, on every visit
    return function () {
      seed |= 0;
      seed = (seed + 0x6d2b79f5) | 0;
      var t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function layout(nodes, edges) {
    var n = nodes.length;
    var index = {};
    nodes.forEach(function (node, i) {
      index[node.id] = i;
    });
    var k = 90; // ideal distance between linked nodes (canvas units)
    var reach = 9 * k * k; // nodes repel within 3 k only: the layout stays compact (a few k per node)
    var gravity = 0.4 / Math.sqrt(n); // towards the middle, weaker in bigger networks
    var rng = random(7);
    // communities on a sunflower spiral, the largest in the middle; members scattered around their centre
    var members = {};
    nodes.forEach(function (node) {
      var c = node.community || 0;
      (members[c] = members[c] || []).push(node);
    });
    var order = Object.keys(members).sort(function (a, b) {
      return members[b].length - members[a].length || Number(a) - Number(b);
    });
    var centre = {};
    order.forEach(function (c, i) {
      var r = k * 1.6 * Math.sqrt(i) * Math.sqrt(Math.max(1, n / order.length));
      var angle = i * 2.399963;
      centre[c] = [r * Math.cos(angle), r * Math.sin(angle)];
    });
    var x = new Float64Array(n);
    var y = new Float64Array(n);
    var group = new Int32Array(n);
    var radius = new Float64Array(n);
    nodes.forEach(function (node, i) {
      var c = String(node.community || 0);
      var spread = k * Math.sqrt(members[c].length);
      x[i] = centre[c][0] + (rng() - 0.5) * spread;
      y[i] = centre[c][1] + (rng() - 0.5) * spread;
      group[i] = order.indexOf(c);
      radius[i] = node.shape === "box" ? 45 : node.size || 10;
    });
    var links = [];
    edges.forEach(function (edge) {
      var a = index[edge.from];
      var b = index[edge.to];
      if (a === undefined || b === undefined || a === b) return;
      links.push([a, b, 1 + Math.log(Math.max(1, edge.value || 1))]);
    });
    var iterations = n <= 150 ? 400 : n <= 400 ? 250 : 150;
    var temperature = k * Math.sqrt(n) * 0.5;
    var dx = new Float64Array(n);
    var dy = new Float64Array(n);
    var gx = new Float64Array(order.length);
    var gy = new Float64Array(order.length);
    var gn = new Float64Array(order.length);
    for (var step = 0; step < iterations; step++) {
      dx.fill(0);
      dy.fill(0);
      for (var i = 0; i < n; i++) {
        for (var j = i + 1; j < n; j++) {
          var ex = x[i] - x[j];
          var ey = y[i] - y[j];
          var d2 = ex * ex + ey * ey;
          if (d2 > reach) continue;
          if (d2 < 0.01) {
            ex = rng() - 0.5;
            ey = rng() - 0.5;
            d2 = ex * ex + ey * ey;
          }
          var f = (k * k) / d2; // repulsion k^2/d along the unit vector
          dx[i] += ex * f;
          dy[i] += ey * f;
          dx[j] -= ex * f;
          dy[j] -= ey * f;
        }
      }
      links.forEach(function (link) {
        var a = link[0];
        var b = link[1];
        var lx = x[a] - x[b];
        var ly = y[a] - y[b];
        var d = Math.sqrt(lx * lx + ly * ly) || 0.01;
        var pull = (d / k) * link[2]; // attraction d^2/k along the unit vector, heavier links closer
        dx[a] -= lx * pull;
        dy[a] -= ly * pull;
        dx[b] += lx * pull;
        dy[b] += ly * pull;
      });
      gx.fill(0);
      gy.fill(0);
      gn.fill(0);
      for (i = 0; i < n; i++) {
        gx[group[i]] += x[i];
        gy[group[i]] += y[i];
        gn[group[i]] += 1;
      }
      var cool = temperature * (1 - step / iterations) + 1;
      for (i = 0; i < n; i++) {
        var g = group[i];
        dx[i] += (gx[g] / gn[g] - x[i]) * 0.4 - x[i] * gravity; // towards its community, and the middle
        dy[i] += (gy[g] / gn[g] - y[i]) * 0.4 - y[i] * gravity;
        var length = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]) || 1;
        var move = Math.min(length, cool);
        x[i] += (dx[i] / length) * move;
        y[i] += (dy[i] / length) * move;
      }
    }
    for (var pass = 0; pass < 100; pass++) {
      var moved = false;
      for (i = 0; i < n; i++) {
        for (j = i + 1; j < n; j++) {
          var ox = x[j] - x[i];
          var oy = y[j] - y[i];
          var dist = Math.sqrt(ox * ox + oy * oy) || 0.01;
          var gap = radius[i] + radius[j] + 12 - dist;
          if (gap > 0) {
            x[i] -= (ox / dist) * gap * 0.5;
            y[i] -= (oy / dist) * gap * 0.5;
            x[j] += (ox / dist) * gap * 0.5;
            y[j] += (oy / dist) * gap * 0.5;
            moved = true;
          }
        }
      }
      if (!moved) break;
    }
    nodes.forEach(function (node, i) {
      node.x = Math.round(x[i]);
      node.y = Math.round(y[i]);
    });
  }

  // -- data ----------------------------------------------------------------------------------------------

  var fixed = data.layout === "fixed";
  var colourMode = data.colour === "community" ? "community" : "kind";
  var nodesById = {};
  var nodes = data.nodes.map(function (node) {
    nodesById[node.id] = node;
    var item = {};
    Object.keys(node).forEach(function (key) {
      if (key !== "info" && key !== "tasks" && key !== "title") item[key] = node[key];
    });
    item.title = tooltip(node.info);
    item.kindColor = node.color;
    if (colourMode === "community" && node.communityColor) item.color = node.communityColor;
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

  var options = data.options;
  if (fixed) {
    var started = performance.now();
    layout(nodes, edges);
    window.cchcLayoutMs = performance.now() - started;
    options = Object.assign({}, options, {
      physics: { enabled: false },
      layout: { improvedLayout: false, randomSeed: 7 },
    });
  }
  var nodeSet = new vis.DataSet(nodes);
  var network = new vis.Network(container, { nodes: nodeSet, edges: new vis.DataSet(edges) }, options);
  window.cchcNetwork = network;
  window.cchcNodes = nodeSet;

  // -- labels that do not overlap -----------------------------------------------------------------------

  var measure = document.createElement("canvas").getContext("2d");
  var labelBoxes = [];

  function overlaps(a, list) {
    for (var i = 0; i < list.length; i++) {
      var b = list[i];
      if (a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3]) return true;
    }
    return false;
  }

  function placeLabels() {
    var scale = network.getScale() || 1;
    var positions = network.getPositions();
    var taken = [];
    var kept = [];
    var changes = [];
    var boxFonts = [];
    measure.font = LABEL_PX + "px " + FONT_FACE;
    // boxes carry their labels; every node's own disc is taken space
    nodes.forEach(function (node) {
      var p = positions[node.id];
      if (!p) return;
      if (node.shape === "box") {
        // a box's label is its face: readable at rest (12 px on screen), but never bigger than 40 units
        var boxFont = Math.max((node.font && node.font.size) || 14, Math.min(40, LABEL_PX / scale));
        var w = (measure.measureText(node.label).width * boxFont) / LABEL_PX + 12;
        taken.push([p.x - w / 2, p.y - boxFont, w, boxFont * 2]);
        boxFonts.push({ id: node.id, font: Object.assign({}, node.font || {}, { size: boxFont }) });
      } else {
        taken.push([p.x - node.size, p.y - node.size, 2 * node.size, 2 * node.size]);
      }
    });
    var round = nodes.filter(function (node) {
      return node.shape !== "box" && positions[node.id];
    });
    round.sort(function (a, b) {
      return (b.rank || 0) - (a.rank || 0) || (b.size || 0) - (a.size || 0);
    });
    var size = LABEL_PX / scale; // canvas units that draw as LABEL_PX screen pixels
    var height = size * 1.25;
    round.forEach(function (node, order) {
      var p = positions[node.id];
      var text = nodesById[node.id].label || "";
      var width = measure.measureText(text).width / scale + 4 / scale;
      var own = [p.x - node.size, p.y - node.size, 2 * node.size, 2 * node.size];
      var others = taken.filter(function (b) {
        return b[0] !== own[0] || b[1] !== own[1];
      });
      // vis-network hangs a round node's label 3 units under it; font.vadjust moves it above instead
      var below = p.y + node.size + 3;
      var above = p.y - node.size - 3 - height;
      var placed = null;
      [below, above].some(function (top) {
        var box = [p.x - width / 2, top, width, height];
        // the best-linked few are labelled even over another node, never over another label
        if (!overlaps(box, kept) && (order < TOP_LABELS || !overlaps(box, others))) placed = box;
        return placed !== null;
      });
      if (placed) kept.push(placed);
      var vadjust = placed && placed[1] === above ? above - below : 0;
      changes.push({ id: node.id, label: placed ? text : "", font: { size: size, vadjust: vadjust } });
    });
    labelBoxes = kept;
    nodeSet.update(changes.concat(boxFonts));
  }

  window.cchcLabelBoxes = function () {
    return labelBoxes.slice();
  };

  var labelTimer = null;
  function placeLabelsSoon() {
    if (labelTimer) clearTimeout(labelTimer);
    labelTimer = setTimeout(placeLabels, 120);
  }

  // -- tools ----------------------------------------------------------------------------------------------

  function fold(text) {
    return String(text || "")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d")
      .toLowerCase()
      .trim();
  }

  function focusNode(id) {
    if (!nodesById[id]) return;
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    showDetails(nodesById[id]);
    placeLabels();
  }
  window.cchcFocus = focusNode;

  function find(text) {
    var wanted = fold(text);
    if (!wanted) return [];
    var exact = [];
    var partial = [];
    data.nodes.forEach(function (node) {
      var name = fold(node.fullLabel || node.label);
      if (name === wanted) exact.push(node);
      else if (name.indexOf(wanted) >= 0) partial.push(node);
    });
    partial.sort(function (a, b) {
      return (b.rank || 0) - (a.rank || 0);
    });
    return exact.concat(partial);
  }

  var searchForm = document.getElementById("cchc-search-form");
  var searchInput = document.getElementById("cchc-search");
  var searchList = document.getElementById("cchc-search-list");
  var searchStatus = document.getElementById("cchc-search-status");
  if (searchList) {
    var names = {};
    data.nodes.forEach(function (node) {
      names[node.fullLabel || node.label] = true;
    });
    Object.keys(names)
      .sort()
      .forEach(function (name) {
        var option = document.createElement("option");
        option.value = name;
        searchList.appendChild(option);
      });
  }
  if (searchForm && searchInput) {
    searchForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var found = find(searchInput.value);
      if (searchStatus) {
        searchStatus.textContent = found.length
          ? format(words.found, { count: found.length, label: found[0].fullLabel || found[0].label })
          : format(words.not_found, { text: searchInput.value });
      }
      if (found.length) focusNode(found[0].id);
    });
  }

  // the legend says what the colours mean: agency kinds (from the page) or communities (built here)
  var kindLegend = document.querySelector(".cchc-legend-kinds");
  var communityLegend = null;
  if (kindLegend) {
    var byCommunity = {};
    data.nodes.forEach(function (node) {
      var c = node.community || 0;
      (byCommunity[c] = byCommunity[c] || []).push(node);
    });
    communityLegend = element("ul", "cchc-legend-communities");
    Object.keys(byCommunity)
      .sort(function (a, b) {
        return Number(a) - Number(b);
      })
      .slice(0, 12)
      .forEach(function (c) {
        var members = byCommunity[c].slice().sort(function (a, b) {
          return (b.rank || 0) - (a.rank || 0);
        });
        var item = element("li");
        var swatch = element("span", "cchc-swatch cchc-shape-dot");
        swatch.style.setProperty("--swatch", members[0].communityColor || "#b0bec5");
        item.appendChild(swatch);
        var values = { number: c, name: members[0].fullLabel || members[0].label, more: members.length - 1 };
        item.appendChild(
          document.createTextNode(format(members.length > 1 ? words.community_item : words.community_alone, values))
        );
        communityLegend.appendChild(item);
      });
    kindLegend.parentNode.insertBefore(communityLegend, kindLegend.nextSibling);
  }
  function showLegend(mode) {
    if (kindLegend) kindLegend.hidden = mode === "community";
    if (communityLegend) communityLegend.hidden = mode !== "community";
  }
  showLegend(colourMode);

  var colourSelect = document.getElementById("cchc-colour");
  if (colourSelect) {
    colourSelect.value = colourMode;
    colourSelect.addEventListener("change", function () {
      var mode = colourSelect.value;
      showLegend(mode);
      nodeSet.update(
        nodes.map(function (node) {
          return { id: node.id, color: mode === "community" ? node.communityColor : node.kindColor };
        })
      );
    });
  }

  function pngBlob(callback) {
    var canvas = container.querySelector("canvas");
    var copy = document.createElement("canvas");
    copy.width = canvas.width;
    copy.height = canvas.height;
    var context = copy.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, copy.width, copy.height);
    context.drawImage(canvas, 0, 0);
    copy.toBlob(callback, "image/png");
  }
  window.cchcPngDataUrl = function () {
    var canvas = container.querySelector("canvas");
    return canvas.toDataURL("image/png");
  };
  var pngButton = document.getElementById("cchc-png");
  if (pngButton) {
    pngButton.addEventListener("click", function () {
      pngBlob(function (blob) {
        var link = document.createElement("a");
        link.href = URL.createObjectURL(blob);
        link.download = (document.title || "network").replace(/[^\w\u00C0-\u1EF9-]+/g, "_").slice(0, 80) + ".png";
        document.body.appendChild(link);
        link.click();
        setTimeout(function () {
          URL.revokeObjectURL(link.href);
          link.remove();
        }, 1000);
      });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-node]"), function (item) {
    item.addEventListener("click", function (event) {
      event.preventDefault();
      focusNode(item.getAttribute("data-node"));
      container.scrollIntoView({ block: "nearest" });
    });
  });

  // a filter form sends only the fields that are set (clean, shareable URLs)
  Array.prototype.forEach.call(document.querySelectorAll("form[data-drop-empty]"), function (form) {
    form.addEventListener("submit", function () {
      Array.prototype.forEach.call(form.elements, function (field) {
        if (field.name && !field.value) field.disabled = true;
      });
    });
  });

  // -- events ---------------------------------------------------------------------------------------------

  network.on("click", function (params) {
    if (params.nodes.length) showDetails(nodesById[params.nodes[0]]);
    else if (params.edges.length) showDetails(edgesById[params.edges[0]]);
  });
  network.on("zoom", placeLabelsSoon);
  network.on("dragEnd", placeLabelsSoon);

  if (fixed) {
    network.fit({ animation: false });
    placeLabels();
    network.once("afterDrawing", finish);
    network.redraw();
    return;
  }
  network.on("stabilizationProgress", function (params) {
    if (progress && params.total) progress.textContent = Math.round((100 * params.iterations) / params.total) + "%";
  });
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: false });
    network.fit();
    placeLabels();
    window.cchcLayoutMs = performance.now();
    finish();
  });
  // a network with physics disabled by the options never stabilises: it is laid out once drawn
  if (!options.physics || options.physics.enabled === false) {
    network.once("afterDrawing", finish);
  }
})();

// cchc-kg SPARQL editor (/query): YASGUI (@zazuko/yasgui, /static/vendor/yasgui/) over this server's /sparql.
// Nothing leaves this server: completion comes from the page (the project's prefixes, the ontology's classes
// and properties), never from prefix.cc or Linked Open Vocabularies. Adds what the page promises: the
// named query or shared query to open, the row-cap notice, errors in the page's language, downloads, a
// query history, a graph view of CONSTRUCT/DESCRIBE results and a pivot view of SELECT results.
(function () {
  "use strict";
  var root = document.getElementById("yasgui");
  var configEl = document.getElementById("editor-config");
  if (!root || !configEl || !window.Yasgui) { return; }
  var config = JSON.parse(configEl.textContent);
  var S = config.strings || {};
  var endpoint = new URL(config.endpoint, window.location.href).href;
  var Yasqe = window.Yasgui.Yasqe;
  var Yasr = window.Yasgui.Yasr;
  var locale = config.lang === "vi" ? "vi-VN" : "en-GB";

  function t(key, values) {
    var text = S[key] || key;
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(values[name]));
    });
    return text;
  }
  function number(n) { return Number(n).toLocaleString(locale); }
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function store(key, value) {
    try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* storage full or off */ }
  }
  function stored(key, fallback) {
    try { return JSON.parse(window.localStorage.getItem(key)) || fallback; } catch (e) { return fallback; }
  }

  // -- completion from this page, never from the network --------------------------------------------------
  var prefixLines = Object.keys(config.prefixes).sort().map(function (name) {
    return name + ": <" + config.prefixes[name] + ">";
  });
  Yasqe.forkAutocompleter("prefixes", { name: "cchcPrefixes", get: prefixLines, persistenceId: null }, false);
  Yasqe.forkAutocompleter("property", { name: "cchcProperties", get: config.properties, bulk: true, persistenceId: null }, false);
  Yasqe.forkAutocompleter("class", { name: "cchcClasses", get: config.classes, bulk: true, persistenceId: null }, false);
  var completers = ["variables", "cchcPrefixes", "cchcProperties", "cchcClasses"];
  Yasqe.defaults.autocompleters = completers.slice();
  window.Yasgui.defaults.yasqe.autocompleters = completers.slice();

  // -- errors: the server's JSON error, said in the page's language ---------------------------------------
  function errorMessage(body) {
    var code = body.error || "";
    if (code === "UnknownPrefix" || /unknown prefix/i.test(body.message || "")) {
      var prefix = /unknown prefix '?([^\s:']*:)/i.exec(body.message || "");
      return t("editor_unknown_prefix", { prefix: prefix ? prefix[1] : "" });
    }
    if (code === "ReadOnlyEndpoint" || (code === "WriteRefused" && /read-only/.test(body.message || ""))) {
      return t("editor_read_only");
    }
    return S["error_" + code] || S.error_CchcError || code;
  }
  function renderError(error) {
    var body = null;
    try { body = JSON.parse(error.text).error; } catch (e) { body = null; }
    var box = element("div", "query-error");
    box.id = "query-error";
    box.setAttribute("role", "alert");
    if (!body) {
      box.appendChild(element("strong", "", S.error_CchcError || "Error"));
      box.appendChild(element("pre", "message", error.text || ""));
      return Promise.resolve(box);
    }
    box.setAttribute("data-error", body.error || "");
    var syntax = body.error === "QuerySyntaxError" || body.error === "UnknownPrefix";
    box.appendChild(element("strong", "", t(syntax ? "syntax_error" : "query_error") + ": "));
    box.appendChild(document.createTextNode(errorMessage(body)));
    var position = /error at (\d+):(\d+)/.exec(body.message || "");
    if (position) {
      box.appendChild(document.createTextNode(" " + t("at_position", { line: position[1], column: position[2] })));
    }
    var detail = body.message + (body.expected ? "\n" + t("editor_expected") + " " + body.expected : "");
    var technical = element("pre", "message", detail);
    technical.setAttribute("lang", "en");
    technical.setAttribute("translate", "no");
    box.appendChild(technical);
    return Promise.resolve(box);
  }
  Yasr.defaults.errorRenderers = [renderError];

  // -- a graph view of CONSTRUCT / DESCRIBE results (vis-network, shipped with the viz package) -----------
  var networkScript = null;
  function loadNetwork() {
    if (window.vis && window.vis.Network) { return Promise.resolve(); }
    if (!networkScript) {
      var style = document.createElement("link");
      style.rel = "stylesheet";
      style.href = config.network.replace(".min.js", ".css");
      document.head.appendChild(style);
      networkScript = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = config.network;
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return networkScript;
  }
  function shortName(iri) {
    if (config.baseIri && iri.indexOf(config.baseIri) === 0) {
      return iri.slice(config.baseIri.length).split("/").slice(-3).join("/");
    }
    var best = iri;
    Object.keys(config.prefixes).forEach(function (name) {
      var ns = config.prefixes[name];
      if (iri.indexOf(ns) === 0 && (name + ":" + iri.slice(ns.length)).length < best.length) {
        best = name + ":" + iri.slice(ns.length);
      }
    });
    return best;
  }
  function GraphView(yasr) {
    this.yasr = yasr;
    this.label = t("editor_graph");
    this.priority = 4;
  }
  GraphView.prototype.canHandleResults = function () {
    var results = this.yasr.results;
    if (!results || results.hasError() || !results.getAsJson()) { return false; }
    return results.getType() === "ttl";
  };
  GraphView.prototype.getIcon = function () { return element("span", "", "◉"); };
  GraphView.prototype.draw = function () {
    var holder = element("div", "yasr-graph");
    holder.id = "result-graph";
    var note = element("p", "small muted");
    this.yasr.resultsEl.appendChild(note);
    this.yasr.resultsEl.appendChild(holder);
    var triples = (this.yasr.results.getBindings() || []);
    var limit = 600;
    note.textContent = triples.length > limit
      ? t("editor_graph_cut", { shown: number(limit), total: number(triples.length) })
      : t("editor_graph_note", { total: number(triples.length) });
    var nodes = {};
    var edges = [];
    function node(term) {
      var id = term.type + " " + term.value;
      if (!nodes[id]) {
        var literal = term.type === "literal";
        var label = literal ? term.value : shortName(term.value);
        nodes[id] = {
          id: id,
          label: label.length > 40 ? label.slice(0, 38) + "…" : label,
          title: term.value,
          shape: literal ? "box" : "dot",
          color: literal ? { background: "#fff8e1", border: "#e6c86e" } : undefined,
          size: 10
        };
      }
      return id;
    }
    triples.slice(0, limit).forEach(function (triple) {
      edges.push({
        from: node(triple.subject),
        to: node(triple.object),
        label: shortName(triple.predicate.value),
        arrows: "to",
        font: { size: 10, align: "middle" }
      });
    });
    return loadNetwork().then(function () {
      var data = { nodes: new window.vis.DataSet(Object.values(nodes)), edges: new window.vis.DataSet(edges) };
      var options = {
        physics: { stabilization: { iterations: 250 }, barnesHut: { gravitationalConstant: -6000, springLength: 140 } },
        interaction: { hover: true, navigationButtons: false },
        nodes: { font: { size: 12 } }
      };
      var network = new window.vis.Network(holder, data, options);
      holder.setAttribute("data-drawn", String(Object.keys(nodes).length));
      network.once("stabilizationIterationsDone", function () {
        network.setOptions({ physics: false });
        network.fit();
        holder.setAttribute("data-stable", "true");
      });
    });
  };

  // -- a pivot view of SELECT results: rows by one column, columns by another, counts or sums ------------
  function PivotView(yasr) {
    this.yasr = yasr;
    this.label = t("editor_pivot");
    this.priority = 3;
    this.choice = { rows: "", columns: "", value: "" };
  }
  PivotView.prototype.canHandleResults = function () {
    var results = this.yasr.results;
    return !!results && !results.hasError() && results.getType() !== "ttl" &&
      (results.getVariables() || []).length > 0 && (results.getBindings() || []).length > 0;
  };
  PivotView.prototype.getIcon = function () { return element("span", "", "▦"); };
  PivotView.prototype.draw = function () {
    var self = this;
    var variables = this.yasr.results.getVariables();
    var bindings = this.yasr.results.getBindings();
    if (variables.indexOf(this.choice.rows) < 0) { this.choice.rows = variables[0]; }
    if (this.choice.columns && variables.indexOf(this.choice.columns) < 0) { this.choice.columns = ""; }
    var view = element("div", "yasr-pivot");
    var controls = element("div", "pivot-controls");
    function picker(labelKey, key, blank) {
      var label = element("label", "", t(labelKey) + " ");
      var select = document.createElement("select");
      select.setAttribute("data-pivot", key);
      if (blank) { select.appendChild(new Option(blank, "")); }
      variables.forEach(function (name) { select.appendChild(new Option(name, name)); });
      select.value = self.choice[key];
      select.addEventListener("change", function () {
        self.choice[key] = select.value;
        while (self.yasr.resultsEl.firstChild) { self.yasr.resultsEl.firstChild.remove(); }
        self.draw();
      });
      label.appendChild(select);
      controls.appendChild(label);
    }
    picker("editor_pivot_rows", "rows");
    picker("editor_pivot_columns", "columns", "—");
    picker("editor_pivot_value", "value", t("editor_pivot_count"));
    view.appendChild(controls);
    var cells = {};
    var rowTotals = {};
    var columnTotals = {};
    function text(binding, name) { return binding[name] ? binding[name].value : ""; }
    bindings.forEach(function (binding) {
      var row = text(binding, self.choice.rows);
      var column = self.choice.columns ? text(binding, self.choice.columns) : "";
      var amount = self.choice.value ? parseFloat(text(binding, self.choice.value)) || 0 : 1;
      cells[row + "\u0000" + column] = (cells[row + "\u0000" + column] || 0) + amount;
      rowTotals[row] = (rowTotals[row] || 0) + amount;
      columnTotals[column] = (columnTotals[column] || 0) + amount;
    });
    function biggest(totals, limit) {
      return Object.keys(totals).sort(function (a, b) { return totals[b] - totals[a] || a.localeCompare(b); }).slice(0, limit);
    }
    var rows = biggest(rowTotals, 200);
    var columns = self.choice.columns ? biggest(columnTotals, 25) : [""];
    var table = document.createElement("table");
    var head = table.createTHead().insertRow();
    head.appendChild(element("th", "", self.choice.rows));
    columns.forEach(function (column) { head.appendChild(element("th", "", self.choice.columns ? shortName(column) : t("editor_pivot_count"))); });
    if (self.choice.columns) { head.appendChild(element("th", "", t("editor_pivot_total"))); }
    var body = table.createTBody();
    rows.forEach(function (row) {
      var tr = body.insertRow();
      tr.appendChild(element("td", "", shortName(row)));
      columns.forEach(function (column) {
        var value = cells[row + "\u0000" + column];
        tr.appendChild(element("td", "", value ? number(value) : ""));
      });
      if (self.choice.columns) { tr.appendChild(element("td", "", number(rowTotals[row]))); }
    });
    view.appendChild(table);
    if (Object.keys(rowTotals).length > rows.length) {
      view.appendChild(element("p", "small muted", t("editor_pivot_cut", { shown: number(rows.length), total: number(Object.keys(rowTotals).length) })));
    }
    this.yasr.resultsEl.appendChild(view);
  };

  // -- YASR's own words in the page's language ------------------------------------------------------------
  function relabel(name, key) {
    var Base = Yasr.plugins[name];
    if (!Base) { return; }
    var Labelled = class extends Base {
      constructor(yasr) { super(yasr); this.label = t(key); }
    };
    Yasr.registerPlugin(name, Labelled);
  }
  relabel("table", "editor_view_table");
  relabel("response", "editor_view_response");
  // the simple view by default: values without quotes, datatypes and angle brackets (a switch turns them on)
  Yasr.defaults.plugins.table.dynamicConfig = { compact: true };
  var tableConfig = Yasr.plugins.table.defaults.tableConfig;
  tableConfig.language = Object.assign({}, tableConfig.language, {
    info: t("editor_table_info"),
    infoEmpty: t("editor_table_info").replace("_START_", "0").replace("_END_", "0"),
    infoFiltered: t("editor_table_filtered"),
    emptyTable: t("no_rows"),
    zeroRecords: t("editor_table_nomatch"),
    aria: {
      orderable: ": " + t("editor_sort"),
      orderableReverse: ": " + t("editor_sort_reverse"),
      orderableRemove: ": " + t("editor_sort_remove"),
      paginate: {
        first: t("editor_page_first"),
        last: t("editor_page_last"),
        next: t("editor_page_next"),
        previous: t("editor_page_previous"),
        number: ""
      }
    }
  });
  // the titles and labels YASGUI writes in English, said in the page's language
  var SAID = [
    [/^Close tab$/, "editor_close_tab"],
    [/^Open settings$/, "editor_open_settings"],
    [/^Close settings$/, "editor_close_settings"],
    [/^Clear endpoint$/, "editor_clear_endpoint"],
    [/^Download (Results|result|not supported)$/, "editor_download_shown"],
    [/^pagination$/, "editor_pagination"],
    [/^Shows (.+) view$/, "editor_show_view"],
    [/^View documentation of (.+)$/, "editor_docs_of"],
    [/^This plugin doesn't have a help reference/, "editor_docs_of"],
    [/^Run query$/, "editor_run_short"],
    [/^Share query$/, "editor_share"],
    [/^Add (a new )?tab$/, "editor_add_tab"],
    [/^Filter query results$/, "editor_filter"],
    [/^Show all$/, "editor_show_all"]
  ];
  function said(text) {
    for (var i = 0; i < SAID.length; i++) {
      var match = SAID[i][0].exec(text);
      if (match) { return t(SAID[i][1], { view: match[1] || "" }); }
    }
    return null;
  }
  function relabelAll() {
    root.querySelectorAll("[title], [aria-label], [placeholder]").forEach(function (node) {
      ["title", "aria-label", "placeholder"].forEach(function (name) {
        var value = node.getAttribute(name);
        var local = value && said(value);
        if (local && local !== value) { node.setAttribute(name, local); }
      });
    });
    root.querySelectorAll(".overlay_btn, .overlay_btn span").forEach(function (node) {
      if (node.children.length === 0) {
        var local = said(node.textContent.trim());
        if (local) { node.textContent = local; }
      }
    });
  }
  var updateQueryButton = Yasqe.prototype.updateQueryButton;
  Yasqe.prototype.updateQueryButton = function (state) {
    updateQueryButton.call(this, state);
    if (this.queryBtn && !this.config.queryingDisabled) {
      this.queryBtn.title = t("editor_run_short");
      this.queryBtn.setAttribute("aria-label", t("editor_run_short"));
    }
  };
  function localiseControls() {
    root.querySelectorAll(".yasqe_share:not([data-localised]), .addTab:not([data-localised])").forEach(function (button) {
      button.setAttribute("data-localised", "1");
      var label = t(button.classList.contains("addTab") ? "editor_add_tab" : "editor_share");
      button.title = label;
      button.setAttribute("aria-label", label);
    });
    root.querySelectorAll(".tableControls:not([data-localised])").forEach(function (controls) {
      controls.setAttribute("data-localised", "1");
      var labels = controls.querySelectorAll(".switch .label");
      if (labels[0]) { labels[0].textContent = t("editor_simple_view"); }
      if (labels[1]) { labels[1].textContent = t("editor_ellipse"); }
      var filter = controls.querySelector(".tableFilter");
      if (filter) {
        filter.placeholder = t("editor_filter");
        filter.setAttribute("aria-label", t("editor_filter"));
      }
      var size = controls.querySelector(".pageSizerLabel");
      if (size) { size.textContent = t("editor_page_size") + " "; }
      var all = controls.querySelector('.tableSizer option[value="-1"]');
      if (all) { all.textContent = t("editor_all"); }
    });
  }
  new MutationObserver(function () { localiseControls(); relabelAll(); }).observe(root, {
    childList: true, subtree: true, attributes: true, attributeFilter: ["title", "aria-label", "placeholder"]
  });

  Yasr.registerPlugin("pivot", PivotView);
  Yasr.registerPlugin("graph", GraphView);
  Yasr.defaults.pluginOrder = ["table", "response", "pivot", "graph"];

  // -- a shared link is this page with #query=… (the endpoint is always this server's) ----------------------
  window.Yasgui.Tab.prototype.getShareableLink = function () {
    return window.location.origin + "/query#query=" + encodeURIComponent(this.getQuery());
  };

  var defaultQuery = config.defaultQuery || "";
  var yasgui = new window.Yasgui(root, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    populateFromUrl: false,
    persistenceId: "cchc-kg-editor",
    tabName: t("editor_tab"),
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; }, keys: [] },
    yasqe: { value: defaultQuery },
    yasr: { prefixes: config.prefixes }
  });
  window.cchcEditor = yasgui;
  // every tab, also one kept from an earlier visit, asks this server
  yasgui.persistentConfig.getTabs().forEach(function (id) {
    var tab = yasgui.persistentConfig.getTab(id);
    if (tab && tab.requestConfig) { tab.requestConfig.endpoint = endpoint; }
  });

  function openQuery(text, title, run) {
    var found = yasgui.persistentConfig.getTabs().filter(function (id) {
      var tab = yasgui.persistentConfig.getTab(id);
      return tab && tab.yasqe && tab.yasqe.value === text;
    })[0];
    var tab;
    if (found) {
      yasgui.selectTabId(found);
      tab = yasgui.getTab(found);
    } else {
      tab = yasgui.addTab(true, {
        name: title || yasgui.createTabName(t("editor_tab")),
        yasqe: { value: text },
        requestConfig: { endpoint: endpoint, method: "POST" }
      });
    }
    if (run && tab) { tab.query().catch(function () { /* shown by YASR */ }); }
    return tab;
  }

  // -- after each answer: rows and time, the row-cap notice, downloads, history -----------------------------
  var status = document.getElementById("editor-status");
  var cutBox = document.getElementById("editor-cut");
  var downloads = document.getElementById("editor-downloads");
  var CUT = "cchc-kg-editor-cut";
  var HISTORY = "cchc-kg-editor-history";

  var outcome = document.getElementById("editor-outcome");
  function placeOutcome(tab) {
    // the rows, the notice and the downloads go between the tab's editor and its results
    var yasr = tab && tab.getYasr && tab.getYasr();
    if (yasr && yasr.rootEl && yasr.rootEl.parentNode && outcome.nextSibling !== yasr.rootEl) {
      yasr.rootEl.parentNode.insertBefore(outcome, yasr.rootEl);
    }
  }

  function clearOutcome() {
    status.hidden = true;
    status.removeAttribute("data-rows");
    cutBox.hidden = true;
    downloads.hidden = true;
    while (downloads.firstChild) { downloads.firstChild.remove(); }
  }

  function save(suffix, text, button) {
    // the server runs the query again and writes the file; fetched here so that an error is said on this page
    var body = new URLSearchParams();
    body.set("query", text);
    button.disabled = true;
    fetch("/query/results" + suffix, { method: "POST", body: body }).then(function (response) {
      if (!response.ok) { throw new Error(t("query_error") + " (HTTP " + response.status + ")"); }
      var name = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "");
      return response.blob().then(function (blob) {
        var link = document.createElement("a");
        link.href = URL.createObjectURL(blob);
        link.download = name ? name[1] : "query" + suffix;
        document.body.appendChild(link);
        link.click();
        link.remove();
        window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 60000);
      });
    }).catch(function (error) {
      downloads.appendChild(element("span", "error", String(error.message || error)));
    }).then(function () { button.disabled = false; });
  }

  function offerDownloads(kind, tab) {
    var formats = (config.downloads || {})[kind] || [];
    formats.forEach(function (format) {
      var label = format[1] === ".csv" ? t("editor_csv_excel") : t("download", { fmt: format[0] });
      var button = element("button", "button-link", label);
      button.type = "button";
      button.setAttribute("data-suffix", format[1]);
      button.addEventListener("click", function () { save(format[1], tab.getQuery(), button); });
      downloads.appendChild(button);
    });
    if (formats.length) {
      downloads.insertBefore(element("span", "small muted", t("editor_downloads")), downloads.firstChild);
      downloads.hidden = false;
    }
  }

  function showOutcome(tab) {
    clearOutcome();
    placeOutcome(tab);
    var yasr = tab && tab.getYasr();
    var results = yasr && yasr.results;
    if (!results || results.hasError() || !results.getAsJson()) { return; }
    var cuts = stored(CUT, {});
    var response = results.res;
    if (response && response.headers && response.headers.get) {
      var cap = response.headers.get("X-SPARQL-MaxRows");
      if (cap) { cuts[tab.getId()] = cap; } else { delete cuts[tab.getId()]; }
      store(CUT, cuts);
    }
    var time = results.getResponseTime();
    var seconds = (time ? time / 1000 : 0).toLocaleString(locale, { maximumFractionDigits: 2 });
    var kind = results.getType() === "ttl" ? "graph" : results.getBoolean() !== undefined ? "ask" : "select";
    var count = (results.getBindings() || []).length;
    if (kind === "ask") {
      status.textContent = t("editor_status_ask", { answer: String(results.getBoolean()), time: seconds });
    } else {
      status.textContent = t(kind === "graph" ? "editor_status_triples" : "editor_status_rows", { n: number(count), time: seconds });
    }
    status.setAttribute("data-rows", String(count));
    status.hidden = false;
    if (cuts[tab.getId()] && kind === "select") {
      cutBox.textContent = "";
      cutBox.appendChild(element("strong", "", t("editor_cut", { n: number(count), max: number(cuts[tab.getId()]) })));
      cutBox.appendChild(document.createTextNode(" " + t("editor_cut_how")));
      cutBox.hidden = false;
    }
    offerDownloads(kind, tab);
  }

  function remember(text, outcome) {
    var items = stored(HISTORY, []).filter(function (item) { return item.query !== text; });
    items.unshift({ query: text, at: new Date().toISOString(), outcome: outcome });
    store(HISTORY, items.slice(0, 50));
    drawHistory();
  }

  function drawHistory() {
    var box = document.getElementById("editor-history");
    var list = box && box.querySelector("ol");
    if (!list) { return; }
    while (list.firstChild) { list.firstChild.remove(); }
    var items = stored(HISTORY, []);
    items.forEach(function (item) {
      var li = element("li");
      var button = element("button");
      button.type = "button";
      var firstLine = item.query.split("\n").filter(function (line) {
        return line.trim() && !/^\s*(#|prefix\s|base\s)/i.test(line);
      })[0] || item.query;
      button.appendChild(element("code", "", firstLine.trim()));
      button.title = item.query;
      button.addEventListener("click", function () { openQuery(item.query, "", false); });
      li.appendChild(button);
      li.appendChild(element("small", "muted", new Date(item.at).toLocaleString(locale) + (item.outcome ? " · " + item.outcome : "")));
      list.appendChild(li);
    });
    box.hidden = items.length === 0;
  }

  yasgui.on("query", function (instance, tab) {
    clearOutcome();
    placeOutcome(tab);
    status.textContent = t("editor_running");
    status.hidden = false;
  });
  yasgui.on("queryResponse", function (instance, tab) {
    // YASGUI tells before it hands the answer to YASR: read it once YASR has it
    window.setTimeout(function () {
      showOutcome(tab);
      var results = tab.getYasr() && tab.getYasr().results;
      var failed = !results || results.hasError();
      remember(tab.getQuery(), failed ? t("editor_failed") : status.textContent);
    }, 0);
  });
  yasgui.on("tabSelect", function (instance, id) {
    window.setTimeout(function () { showOutcome(yasgui.getTab(id)); }, 0);
  });

  // IRIs minted by this project link to their pages here (/id/… answers a browser with its page)
  root.addEventListener("mousedown", localLink, true);
  root.addEventListener("focusin", localLink, true);
  function localLink(event) {
    var link = event.target.closest && event.target.closest("a.iri");
    if (link && config.baseIri && link.href.indexOf(config.baseIri) === 0) {
      link.href = "/id/" + link.href.slice(config.baseIri.length);
      link.target = "_self";
    }
  }

  // the query to open: #query=… (a shared link), else what the server handed (?query=, a form, ?name=)
  var hash = new URLSearchParams(window.location.hash.slice(1));
  if (hash.get("query")) {
    openQuery(hash.get("query"), hash.get("tabTitle") || "", true);
  } else if (config.query && config.response) {
    // a posted query: the server ran it already; its answer goes straight to YASR
    var posted = openQuery(config.query, config.title, false);
    var answer = config.response;
    var headers = { "Content-Type": answer.contentType || "text/plain" };
    if (answer.maxRows) { headers["X-SPARQL-MaxRows"] = String(answer.maxRows); }
    posted.getYasr().setResponse(answer.error !== undefined
      ? new Error(answer.error)
      : { ok: true, status: 200, statusText: "OK", headers: new Headers(headers), content: answer.content },
    answer.time);
    showOutcome(posted);
    remember(config.query, answer.error !== undefined ? t("editor_failed") : status.textContent);
  } else if (config.query) {
    openQuery(config.query, config.title, config.run);
  } else {
    showOutcome(yasgui.getTab());
  }
  drawHistory();

  var run = document.getElementById("run-query");
  run.disabled = false;
  run.addEventListener("click", function () {
    var tab = yasgui.getTab();
    if (tab) { tab.query().catch(function () { /* shown by YASR */ }); }
  });
})();

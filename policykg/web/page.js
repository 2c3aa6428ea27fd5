// The query page: YASGUI on this server's /sparql, the library queries as tabs, their
// parameters as form fields, IRIs of letters and tasks linked to the explorer.
(function () {
  "use strict";
  var PREFIXES = JSON.parse(document.body.dataset.prefixes || "{}");
  // letters and their tasks (pkgid:doc/...), shared tasks: what the explorer shows
  var EXPLORABLE = /^https:\/\/w3id\.org\/policykg\/id\/(doc|shared-task)\//;
  var endpoint = new URL("/sparql", window.location.href).href;
  document.getElementById("endpoint").textContent = endpoint;

  // prefix.cc and LOV are what the other autocompleters ask: nothing leaves this server
  Yasgui.Yasqe.defaults.autocompleters = ["variables"];

  var prefixBlock = Object.keys(PREFIXES).sort().map(function (p) {
    return "PREFIX " + p + ": <" + PREFIXES[p] + ">";
  }).join("\n");

  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    autofocus: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    yasqe: { value: prefixBlock + "\n\nSELECT * WHERE {\n  ?s ?p ?o\n}\nLIMIT 10\n" },
    yasr: { prefixes: PREFIXES, defaultPlugin: "table", pluginOrder: ["table", "response"] },
  });

  window.yasgui = yasgui;  // for the share link and the tests
  var libraryOfTab = {};  // tab id -> library query

  function openQuery(q, select) {
    for (var id in libraryOfTab) {
      if (libraryOfTab[id].name === q.name && yasgui.getTab(id)) {
        if (select) yasgui.selectTabId(id);
        return yasgui.getTab(id);
      }
    }
    var tab = yasgui.addTab(select, { name: q.name, yasqe: { value: q.text }, requestConfig: { endpoint: endpoint } });
    libraryOfTab[tab.getId()] = q;
    if (select) showParams(tab.getId());
    return tab;
  }

  function showParams(tabId) {
    var form = document.getElementById("params");
    var q = libraryOfTab[tabId];
    document.getElementById("params-error").textContent = "";
    if (!q) { form.hidden = true; return; }
    form.hidden = false;
    form.dataset.tab = tabId;
    document.getElementById("params-name").textContent = q.name;
    document.getElementById("params-summary").textContent = q.summary;
    var fields = document.getElementById("params-fields");
    fields.textContent = "";
    q.params.forEach(function (p) {
      var label = document.createElement("label");
      var name = document.createElement("span");
      name.textContent = p.name + " (" + p.kind + ")";
      var input = document.createElement("input");
      input.name = p.name;
      input.value = (q.values && q.values[p.name]) || p.default || p.example || "";
      input.placeholder = p.example || "";
      var help = document.createElement("small");
      help.textContent = p.description;
      label.append(name, input, help);
      fields.append(label);
    });
    if (!q.params.length) {
      var none = document.createElement("p");
      none.textContent = "This query takes no parameters.";
      fields.append(none);
    }
  }

  // the bound text comes from the server, which checks each value and folds names as the
  // library does (policykg.queries.Param.term)
  document.getElementById("params").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var form = ev.target;
    var q = libraryOfTab[form.dataset.tab];
    var tab = yasgui.getTab(form.dataset.tab);
    if (!q || !tab) return;
    var args = new URLSearchParams();
    q.values = {};
    form.querySelectorAll("input").forEach(function (input) {
      args.append(input.name, input.value);
      q.values[input.name] = input.value;
    });
    var error = document.getElementById("params-error");
    error.textContent = "";
    fetch("/queries/" + encodeURIComponent(q.name).replace(/%2F/g, "/") + ".rq?" + args.toString())
      .then(function (r) { return r.text().then(function (t) { return { ok: r.ok, text: t }; }); })
      .then(function (r) {
        if (!r.ok) { error.textContent = r.text; return; }
        tab.setQuery(r.text);
        tab.query();
      })
      .catch(function (e) { error.textContent = String(e); });
  });

  yasgui.on("tabSelect", function (_, tabId) { showParams(tabId); });

  // an IRI of a letter or a task in a result table opens the explorer at that node
  function linkToExplorer(root) {
    root.querySelectorAll("a[href]").forEach(function (a) {
      var iri = a.getAttribute("href");
      if (!EXPLORABLE.test(iri) || a.classList.contains("explore-link")) return;
      a.href = "/explore#node=" + encodeURIComponent(iri);
      a.classList.add("explore-link");
      a.title = "open " + iri + " in the explorer";
      a.removeAttribute("target");
    });
  }
  new MutationObserver(function () { linkToExplorer(document.getElementById("yasgui")); })
    .observe(document.getElementById("yasgui"), { childList: true, subtree: true });

  fetch("/queries.json").then(function (r) { return r.json(); }).then(function (queries) {
    var list = document.getElementById("queries");
    queries.forEach(function (q) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = q.name;
      button.addEventListener("click", function () { openQuery(q, true); });
      var summary = document.createElement("small");
      summary.textContent = q.summary;
      item.append(button, summary);
      list.append(item);
      // the library's own queries are ready as tabs; the checks open on a click
      if (q.name.indexOf("checks/") !== 0) openQuery(q, false);
    });
    document.body.dataset.ready = "1";
  });
})();

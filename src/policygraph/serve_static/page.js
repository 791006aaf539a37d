// The policygraph query page: YASGUI on this server's /sparql, the saved queries as examples.
// Nothing here reaches another host: YASGUI's prefix.cc / LOV autocompletion and its public
// endpoint catalogue are turned off (the page's Content-Security-Policy blocks them as well).
(function () {
  "use strict";
  var saved = JSON.parse(document.getElementById("saved-queries").textContent);
  var endpoint = new URL("sparql", document.baseURI).href;
  var Yasqe = Yasgui.Yasqe;
  Yasqe.defaults.autocompleters = ["variables"];
  Yasqe.defaults.value = saved.length ? saved[0].query : "SELECT * WHERE { ?s ?p ?o } LIMIT 10";
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    populateFromUrl: true,
    autofocus: true,
    tabName: saved.length ? saved[0].name : "Query",
    yasqe: { autocompleters: ["variables"] }
  });
  window.policygraphYasgui = yasgui;
  function show(name) {
    var q = saved.filter(function (x) { return x.name === name; })[0];
    if (!q) { return; }
    var tab = yasgui.addTab(true, { name: q.name, yasqe: { value: q.query }, requestConfig: { endpoint: endpoint } });
    tab.setQuery(q.query);
  }
  var select = document.getElementById("examples");
  select.addEventListener("change", function () {
    if (select.value) { show(select.value); }
    select.value = "";
  });
})();

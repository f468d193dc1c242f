// Starts GraphiQL on the endpoints the page names, subscriptions over the WebSocket.
(function () {
  var root = document.getElementById("graphiql");
  var socket = (location.protocol === "https:" ? "wss://" : "ws://") + location.host;
  var fetcher = GraphiQL.createFetcher({
    url: root.dataset.endpoint,
    subscriptionUrl: socket + root.dataset.subscriptions,
  });
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultEditorToolsVisibility: true,
    })
  );
})();

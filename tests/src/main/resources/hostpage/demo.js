parley.initialize({
  websocket_url: '{{WEBSOCKET_URL}}',
  view_mode: 'overlayed'
});

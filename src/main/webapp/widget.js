// The embeddable widget: one tag on any site, configured by its data-* attributes only, so that
// it runs under a strict Content-Security-Policy (no inline script) and leaves no globals:
// <script src="https://chat.example.com/widget.js" data-collection="acme-docs" data-title="Ask about ACME" defer></script>
(() => {
  const script = document.currentScript;
  if (!script || !script.dataset.collection) {
    console.error('chatstream widget: the script tag needs data-collection="<a public collection>"');
    return;
  }
  const config = { ...script.dataset };
  const origin = new URL('.', script.src).href;
  import(new URL('ui/widget/chatstream-widget.js', origin).href)
    .then(widget => widget.mount(config, origin))
    .catch(failure => console.error('chatstream widget did not load', failure));
})();

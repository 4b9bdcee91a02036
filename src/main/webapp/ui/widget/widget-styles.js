// The widget's styles, adopted into its shadow root: the host page's CSS cannot reach them and
// they cannot reach the host page. Every colour is set on our own elements, so that even a host
// rule like `* { color: red !important }` (which the host element inherits) changes nothing inside.
// Themable through custom properties on the host page: chatstream-widget { --chatstream-accent: … }.

export const styles = new CSSStyleSheet();
styles.replaceSync(`
:host {
  --accent: var(--chatstream-accent, #2456d6);
  --accent-text: var(--chatstream-accent-text, #ffffff);
  --bg: var(--chatstream-background, #ffffff);
  --text: var(--chatstream-text, #1b1c1f);
  --muted: var(--chatstream-muted, #5d6270);
  --line: var(--chatstream-border, #dcdde3);
  --user: var(--chatstream-user-background, #e8eefc);
  --danger: #b42318;
  --radius: var(--chatstream-radius, 12px);
  position: fixed; right: 20px; bottom: 20px; z-index: 2147483000;
}
@media (prefers-color-scheme: dark) {
  :host {
    --bg: var(--chatstream-background, #1f2126); --text: var(--chatstream-text, #e8e9ed);
    --muted: var(--chatstream-muted, #a2a7b4); --line: var(--chatstream-border, #363943);
    --user: var(--chatstream-user-background, #27324d); --danger: #ff8a80;
  }
}
.root, .root * {
  box-sizing: border-box; color: var(--text); font: 14px/1.5 var(--chatstream-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  letter-spacing: normal; text-transform: none; text-align: left;
}
.root [hidden] { display: none; }
.root .announce { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
.root button {
  background: var(--accent); color: var(--accent-text); border: 1px solid var(--accent); border-radius: 8px;
  padding: 0.35rem 0.9rem; cursor: pointer;
}
.root button:disabled { opacity: 0.5; cursor: default; }
.root button.quiet { background: transparent; color: var(--accent); border-color: transparent; }
.root :focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.root .launcher {
  width: 56px; height: 56px; border-radius: 50%; padding: 0; font-size: 24px; line-height: 1; color: var(--accent-text);
  box-shadow: 0 4px 14px rgb(0 0 0 / 0.25); display: block; margin-left: auto;
}
.root .panel {
  width: min(380px, calc(100vw - 40px)); height: min(560px, calc(100vh - 110px)); margin-bottom: 12px;
  background: var(--bg); border: 1px solid var(--line); border-radius: var(--radius);
  box-shadow: 0 8px 28px rgb(0 0 0 / 0.25); display: flex; flex-direction: column; overflow: hidden;
}
.root header { display: flex; align-items: center; gap: 0.5rem; padding: 0.6rem 0.8rem; background: var(--accent); }
.root header h2 { margin: 0; flex: 1; font-size: 15px; font-weight: 600; color: var(--accent-text); }
.root header button { background: transparent; border-color: transparent; color: var(--accent-text); padding: 0.2rem 0.5rem; }
.root .messages { flex: 1; overflow-y: auto; padding: 0.8rem; display: flex; flex-direction: column; gap: 0.6rem; }
.root .message { padding: 0.5rem 0.75rem; border-radius: 10px; border: 1px solid var(--line); max-width: 92%; overflow-wrap: anywhere; }
.root .message.user { align-self: flex-end; background: var(--user); white-space: pre-wrap; }
.root .message.assistant { align-self: flex-start; background: var(--bg); }
.root .message p { margin: 0.3rem 0; }
.root .message pre { background: var(--user); padding: 0.5rem; border-radius: 6px; overflow-x: auto; }
.root .message code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12.5px; }
.root .message a { color: var(--accent); }
.root .message.streaming .body > div:last-child > :last-child::after { content: "▍"; color: var(--muted); animation: blink 1s steps(2) infinite; }
@keyframes blink { 50% { opacity: 0; } }
.root .status { color: var(--muted); font-style: italic; }
.root .error { color: var(--danger); }
.root .sources { margin: 0.4rem 0 0; padding-top: 0.3rem; border-top: 1px solid var(--line); font-size: 12.5px; color: var(--muted); }
.root .sources ol { margin: 0.2rem 0 0; padding-left: 1.2rem; }
.root .sources a, .root a.cite { color: var(--accent); }
.root a.cite { text-decoration: none; font-size: 11px; vertical-align: super; }
.root form { display: flex; gap: 0.5rem; padding: 0.6rem; border-top: 1px solid var(--line); }
.root textarea {
  flex: 1; resize: none; border: 1px solid var(--line); border-radius: 8px; padding: 0.4rem 0.5rem;
  background: var(--bg); min-height: 2.4rem;
}
`);

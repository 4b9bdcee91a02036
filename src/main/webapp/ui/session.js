// The pages' header: where you are, who you are, and signing in by pasting a bearer token.

import { api, ApiError } from './api.js';

const PAGES = [
  ['chat', './', 'Chat'],
  ['kb', 'kb.html', 'Knowledge base'],
  ['tester', 'tester.html', 'Stream tester'],
  ['tasks', 'tasks.html', 'AI tasks'],
  ['docs', 'docs/', 'API'],
];

/** The claims of the signed-in token, for display only: the server checks the signature. */
export function claims() {
  try {
    const payload = api.token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(payload), c => c.charCodeAt(0))));
  } catch {
    return {};
  }
}

class SessionNav extends HTMLElement {
  connectedCallback() {
    const current = this.getAttribute('current');
    this.innerHTML = `<nav aria-label="Pages"><strong class="brand">chatstream</strong><ul></ul></nav><div class="who"></div>`;
    const list = this.querySelector('ul');
    for (const [id, href, label] of PAGES) {
      const item = document.createElement('li');
      const link = Object.assign(document.createElement('a'), { href, textContent: label });
      if (id === current) link.setAttribute('aria-current', 'page');
      item.append(link);
      list.append(item);
    }
    this.#showWho();
  }

  #showWho() {
    const who = this.querySelector('.who');
    who.replaceChildren();
    if (!api.token) return;
    const name = Object.assign(document.createElement('span'), { textContent: claims().sub ?? 'signed in' });
    const out = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Sign out', className: 'quiet' });
    out.addEventListener('click', () => { api.token = null; location.reload(); });
    who.append(name, out);
  }

  refresh() { this.#showWho(); }
}
customElements.define('cs-nav', SessionNav);

/**
 * Resolves once there is a token the server accepts, showing a sign-in form in `container`
 * until then.
 */
export async function signedIn(container) {
  if (api.token && await accepted()) return;
  api.token = null;
  const form = document.createElement('form');
  form.className = 'sign-in card';
  form.innerHTML = `
    <h1>Sign in</h1>
    <p>Paste a bearer token (a JWT from your identity provider). With <code>mvn -Prun</code> and no key
    configured, the server prints a development token at start and keeps it in <code>data/dev-token.txt</code>.</p>
    <label for="token">Bearer token</label>
    <textarea id="token" name="token" rows="5" required spellcheck="false" autocomplete="off"></textarea>
    <p class="problem" role="alert" hidden></p>
    <button type="submit">Sign in</button>`;
  container.replaceChildren(form);
  form.token.focus();
  return new Promise(resolve => form.addEventListener('submit', async event => {
    event.preventDefault();
    api.token = form.token.value.trim().replace(/^Bearer\s+/i, '');
    if (await accepted()) {
      document.querySelector('cs-nav')?.refresh();
      form.remove();
      resolve();
    } else {
      api.token = null;
      const problem = form.querySelector('.problem');
      problem.textContent = 'The server did not accept this token (expired, or signed by another key).';
      problem.hidden = false;
    }
  }));
}

async function accepted() {
  try {
    await api.json('GET', 'chat/threads', undefined, { limit: 1 });
    return true;
  } catch (failure) {
    if (failure instanceof ApiError && failure.status === 401) return false;
    throw failure;
  }
}

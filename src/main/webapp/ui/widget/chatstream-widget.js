// <chatstream-widget>: seed 000's Q&A widget on a public collection, in a shadow root of its
// own. Anonymous: the conversation is a session id kept in the host site's localStorage.

import { uuid } from '../api.js';
import { readFrames } from '../sse.js';
import { StreamingMarkdown, safeHtml, linkCitations } from '../markdown.js';
import { styles } from './widget-styles.js';

const TEMPLATE = `
  <div class="root">
    <section class="panel" role="dialog" aria-modal="false" hidden>
      <header>
        <h2></h2>
        <button type="button" class="clear">Clear</button>
        <button type="button" class="close" aria-label="Close">✕</button>
      </header>
      <div class="messages" role="log" aria-busy="false"></div>
      <div class="announce" aria-live="polite"></div>
      <form>
        <textarea rows="1" aria-label="Your question"></textarea>
        <button type="submit" class="send">Send</button>
      </form>
    </section>
    <button type="button" class="launcher" aria-expanded="false"><svg viewBox="0 0 24 24" width="26" height="26" aria-hidden="true"><path fill="currentColor" d="M4 4h16a1 1 0 0 1 1 1v11a1 1 0 0 1-1 1H10l-5 4v-4H4a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1z"/></svg></button>
  </div>`;

class ChatstreamWidget extends HTMLElement {
  #root = this.attachShadow({ mode: 'open' });
  #api;
  #streaming = false;

  connectedCallback() {
    if (this.#root.childElementCount) return;
    this.#root.adoptedStyleSheets = [styles];
    this.#root.innerHTML = TEMPLATE;
    this.#api = new URL('api/', this.getAttribute('origin') ?? location.href);
    const title = this.getAttribute('title') || 'Ask a question';
    this.#$('h2').textContent = title;
    this.#$('.panel').setAttribute('aria-label', title);
    this.#$('.launcher').setAttribute('aria-label', title);
    this.#$('textarea').placeholder = this.getAttribute('placeholder') || 'Type your question';
    this.#$('.launcher').addEventListener('click', () => this.#toggle());
    this.#$('.close').addEventListener('click', () => this.#toggle(false));
    this.#$('.clear').addEventListener('click', () => this.#clear());
    this.#$('form').addEventListener('submit', event => { event.preventDefault(); this.#ask(); });
    this.#$('textarea').addEventListener('keydown', event => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) { event.preventDefault(); this.#ask(); }
    });
    this.#root.addEventListener('keydown', event => { if (event.key === 'Escape') this.#toggle(false); });
  }

  #$(selector) { return this.#root.querySelector(selector); }

  get #collection() { return this.getAttribute('collection'); }

  get #storageKey() { return `chatstream-widget:${this.#api.origin}:${this.#collection}`; }

  get #sessionId() {
    let id = localStorage.getItem(this.#storageKey);
    if (!id) {
      id = uuid();
      localStorage.setItem(this.#storageKey, id);
    }
    return id;
  }

  #endpoint(path, query = {}) {
    const url = new URL(path, this.#api);
    Object.entries(query).forEach(([name, value]) => url.searchParams.set(name, value));
    return url;
  }

  async #toggle(open = this.#$('.panel').hidden) {
    const panel = this.#$('.panel');
    const first = open && !this.dataset.loaded;
    panel.hidden = !open;
    this.#$('.launcher').setAttribute('aria-expanded', String(open));
    if (open) this.#$('textarea').focus();
    else this.#$('.launcher').focus();
    if (first) {
      this.dataset.loaded = 'true';
      await this.#loadHistory();
    }
  }

  async #loadHistory() {
    if (!localStorage.getItem(this.#storageKey)) return;
    const response = await fetch(this.#endpoint(`chat-history/${encodeURIComponent(this.#sessionId)}`, { tokenSlug: this.#collection }));
    if (!response.ok) return;
    const { messages } = await response.json();
    for (const message of messages) {
      const element = this.#message(message.role);
      if (message.role === 'user') element.textContent = message.content;
      else {
        const body = element.querySelector('.body');
        body.innerHTML = safeHtml(message.content);
        linkCitations(body, this.#sources(element, message.citations ?? []));
      }
    }
    this.#scroll();
  }

  async #clear() {
    if (this.#streaming) return;
    if (localStorage.getItem(this.#storageKey)) {
      await fetch(this.#endpoint(`chat-history/${encodeURIComponent(this.#sessionId)}`, { tokenSlug: this.#collection }),
        { method: 'DELETE' }).catch(() => {});
      localStorage.removeItem(this.#storageKey);
    }
    this.#$('.messages').replaceChildren();
    this.#$('textarea').focus();
  }

  #message(role) {
    const element = document.createElement('div');
    element.className = `message ${role}`;
    if (role === 'assistant') {
      element.innerHTML = '<div class="status" hidden></div><div class="body"></div><div class="error" role="alert" hidden></div>';
    }
    this.#$('.messages').append(element);
    return element;
  }

  async #ask() {
    const input = this.#$('textarea');
    const question = input.value.trim();
    if (!question || this.#streaming) return;
    input.value = '';
    this.#setStreaming(true);
    this.#message('user').textContent = question;
    const answer = this.#message('assistant');
    answer.classList.add('streaming');
    const markdown = new StreamingMarkdown(answer.querySelector('.body'), { highlight: false, onRender: () => this.#scroll() });
    this.#scroll();
    try {
      const response = await fetch(this.#endpoint('chat/stream'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
        body: JSON.stringify({
          tokenSlug: this.#collection, question,
          language: this.getAttribute('language') || navigator.language || 'en',
          sessionId: this.#sessionId,
        }),
      });
      if (!response.ok) {
        const problem = await response.json().catch(() => null);
        throw new Error(problem?.detail || problem?.title || `The server answered ${response.status}`);
      }
      await readFrames(response, ({ data }) => this.#frame(JSON.parse(data), answer, markdown));
    } catch (failure) {
      this.#error(answer, failure.message);
      if (!input.value) input.value = question;
    } finally {
      markdown.finish();
      answer.classList.remove('streaming');
      answer.querySelector('.status').hidden = true;
      this.#setStreaming(false);
      this.#scroll();
    }
  }

  #frame(frame, answer, markdown) {
    const status = answer.querySelector('.status');
    switch (frame.type) {
      case 'status': status.textContent = frame.message; status.hidden = false; break;
      case 'content': status.hidden = true; markdown.append(frame.data); break;
      case 'citations': markdown.hrefOf = this.#sources(answer, frame.data); break;
      case 'error': this.#error(answer, frame.message); break;
      default: break;
    }
  }

  /** Lists an answer's sources; returns where its [n] markers link to (a source's own page, if it has one). */
  #sources(answer, citations) {
    const hrefOf = index => (/^https?:/i.test(citations[index - 1]?.url ?? '') ? citations[index - 1].url : null);
    answer.querySelector('.sources')?.remove();
    if (!citations.length) return hrefOf;
    const sources = document.createElement('div');
    sources.className = 'sources';
    sources.textContent = 'Sources';
    const list = document.createElement('ol');
    for (const citation of citations) {
      const item = document.createElement('li');
      const href = hrefOf(citations.indexOf(citation) + 1);
      const link = href
        ? Object.assign(document.createElement('a'), { href, target: '_blank', rel: 'noopener noreferrer' })
        : document.createElement('span');
      link.textContent = citation.title;
      link.title = citation.snippet;
      item.append(link);
      list.append(item);
    }
    sources.append(list);
    answer.append(sources);
    return hrefOf;
  }

  #error(answer, message) {
    const error = answer.querySelector('.error');
    error.textContent = message;
    error.hidden = false;
  }

  #setStreaming(streaming) {
    this.#streaming = streaming;
    this.#$('.send').disabled = streaming;
    this.#$('.clear').disabled = streaming;
    this.#$('.messages').setAttribute('aria-busy', String(streaming));
    this.#$('.announce').textContent = streaming ? '' : 'Answer complete.';
  }

  #scroll() {
    const list = this.#$('.messages');
    if (list.scrollHeight - list.scrollTop - list.clientHeight < 80) list.scrollTop = list.scrollHeight;
  }
}

/** Puts one widget on the page, as the script tag's data-* attributes describe it. */
export function mount(config, origin) {
  if (!customElements.get('chatstream-widget')) customElements.define('chatstream-widget', ChatstreamWidget);
  const widget = document.createElement('chatstream-widget');
  widget.setAttribute('origin', origin);
  for (const name of ['collection', 'title', 'language', 'placeholder']) {
    if (config[name]) widget.setAttribute(name, config[name]);
  }
  document.body.append(widget);
  return widget;
}

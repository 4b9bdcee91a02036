// One message of a conversation: a stored one, or an answer as it streams, with its sources,
// confidence, details, versions and actions.

import { StreamingMarkdown, linkCitations, safeHtml } from './markdown.js';
import { confidenceBadge } from './badge.js';

const STATUS_LABELS = {
  streaming: 'Answering…',
  cancelled: 'Stopped',
  failed: 'Failed',
  interrupted: 'Interrupted',
};

export class ChatMessage extends HTMLElement {
  #body;
  #markdown;
  #citations = [];
  message = {};

  connectedCallback() {
    this.#build();
  }

  /** Its parts, made once: when it joins the page, or before, when it is filled first. */
  #build() {
    if (this.#body) return;
    this.innerHTML = `
      <div class="bubble">
        <div class="status-line" hidden></div>
        <div class="body"></div>
        <div class="error" role="alert" hidden></div>
        <ol class="sources" hidden></ol>
      </div>
      <div class="footer">
        <span class="state"></span>
        <span class="versions" hidden>
          <button type="button" class="quiet older" aria-label="Previous version">‹</button>
          <span class="version-label"></span>
          <button type="button" class="quiet newer" aria-label="Next version">›</button>
        </span>
        <span class="confidence-slot"></span>
        <details class="meta" hidden><summary>Details</summary><dl></dl></details>
        <span class="actions"></span>
      </div>`;
    this.#body = this.querySelector('.body');
    this.querySelector('.older').addEventListener('click', () => this.#emit('version', -1));
    this.querySelector('.newer').addEventListener('click', () => this.#emit('version', +1));
  }

  get messageId() { return this.message.id; }

  /** A stored message, as the API lists it. */
  show(message) {
    this.#build();
    this.message = message;
    this.dataset.id = message.id;
    this.dataset.role = message.role;
    this.#markdown = null;
    this.#setCitations(message.citations ?? []);
    if (message.role === 'user') {
      this.#body.textContent = message.content;
    } else {
      this.#body.innerHTML = safeHtml(message.content ?? '');
      linkCitations(this.#body, index => this.#hrefOf(index));
    }
    this.#setConfidence(message.confidence);
    this.#setMetadata(message.metadata);
    this.setStatus(message.status);
    this.#showError(null);
    this.#actions();
  }

  /** An answer about to stream (or streaming again, from its start) into this element. */
  beginStream(messageId) {
    this.#build();
    this.message = { ...this.message, id: messageId, role: 'assistant', status: 'streaming' };
    if (messageId) this.dataset.id = messageId;
    this.dataset.role = 'assistant';
    this.#setCitations([]);
    this.#setConfidence(null);
    this.#setMetadata(null);
    this.#showError(null);
    this.#markdown = new StreamingMarkdown(this.#body, {
      hrefOf: index => this.#hrefOf(index),
      onRender: () => this.#emit('rendered'),
    });
    this.setStatus('streaming');
    this.#actions();
  }

  /** Applies one event of the run that answers into this element. */
  apply(event) {
    const data = event.data;
    switch (event.type) {
      case 'status': this.#statusLine(data.message); break;
      case 'citations': this.#setCitations(data.citations); break;
      case 'ai_response':
        this.#statusLine(null);
        if (!data.isComplete) this.#markdown.append(data.content);
        else {
          if (data.accumulated !== this.#markdown.text) this.#markdown.reset(data.accumulated);
          this.#markdown.finish();
          this.message.content = data.accumulated;
        }
        break;
      case 'confidence': this.#setConfidence(data.value); break;
      case 'metadata': this.#setMetadata(data); break;
      case 'error': this.#showError(data.message, data.retryable); break;
      case 'done':
        this.#statusLine(null);
        this.message.content = this.#markdown?.text ?? this.message.content;
        this.#markdown?.finish();
        this.setStatus(data.status);
        this.#actions();
        break;
      default: break;
    }
  }

  /** A failure before or between events: the text so far stays. */
  fail(text) {
    this.#statusLine(null);
    this.#markdown?.finish();
    this.#showError(text, true);
    this.setStatus('failed');
    this.#actions();
  }

  setStatus(status) {
    this.message.status = status;
    this.dataset.status = status ?? '';
    this.querySelector('.state').textContent = STATUS_LABELS[status] ?? '';
  }

  /** ‹ index / count ›, for an answer that has been regenerated. */
  setVersions(index, count) {
    const versions = this.querySelector('.versions');
    versions.hidden = count < 2;
    this.querySelector('.version-label').textContent = `${index} / ${count}`;
    this.querySelector('.older').disabled = index <= 1;
    this.querySelector('.newer').disabled = index >= count;
  }

  #actions() {
    const actions = this.querySelector('.actions');
    actions.replaceChildren();
    if (this.message.status === 'streaming') return;
    actions.append(this.#button('Copy', 'copy'));
    if (this.message.role === 'assistant') {
      actions.append(this.#button(this.message.status === 'completed' ? 'Regenerate' : 'Retry', 'regenerate'));
    }
  }

  #button(label, action) {
    const button = Object.assign(document.createElement('button'), { type: 'button', textContent: label, className: `quiet ${action}` });
    button.addEventListener('click', () => action === 'copy' ? this.#copy(button) : this.#emit(action));
    return button;
  }

  async #copy(button) {
    try {
      await navigator.clipboard.writeText(this.message.content ?? this.#body.textContent);
      button.textContent = 'Copied';
    } catch {
      button.textContent = 'Copy failed';
    }
    setTimeout(() => { button.textContent = 'Copy'; }, 1500);
  }

  #statusLine(text) {
    const line = this.querySelector('.status-line');
    line.hidden = !text;
    line.textContent = text ?? '';
  }

  #showError(text, retryable) {
    const error = this.querySelector('.error');
    error.hidden = !text;
    error.textContent = text ? `${text}${retryable ? ' You can retry.' : ''}` : '';
  }

  #hrefOf(index) {
    return this.#citations.some(citation => citation.index === index) ? `#source-${this.message.id}-${index}` : null;
  }

  #setCitations(citations) {
    this.#citations = citations;
    const list = this.querySelector('.sources');
    list.hidden = citations.length === 0;
    list.replaceChildren(...citations.map(citation => {
      const item = document.createElement('li');
      item.id = `source-${this.message.id}-${citation.index}`;
      item.value = citation.index;
      const title = citation.url && /^https?:/i.test(citation.url)
        ? Object.assign(document.createElement('a'), { href: citation.url, target: '_blank', rel: 'noopener noreferrer' })
        : document.createElement('strong');
      title.className = 'source-title';
      title.textContent = citation.title;
      const score = Object.assign(document.createElement('span'), { className: 'score', textContent: `score ${citation.score.toFixed(2)}` });
      const snippet = Object.assign(document.createElement('p'), { className: 'snippet', textContent: citation.snippet });
      item.append(title, ' ', score, snippet);
      return item;
    }));
    if (this.#markdown) this.#markdown.hrefOf = index => this.#hrefOf(index);
  }

  #setConfidence(value) {
    const slot = this.querySelector('.confidence-slot');
    slot.replaceChildren(...(typeof value === 'number' ? [confidenceBadge(value)] : []));
  }

  #setMetadata(metadata) {
    const details = this.querySelector('.meta');
    details.hidden = !metadata;
    if (!metadata) return;
    const usage = metadata.usage ?? {};
    const rows = [
      ['Provider', metadata.provider], ['Model', metadata.model],
      ['Tokens', usage.totalTokens != null ? `${usage.inputTokens} in, ${usage.outputTokens} out` : null],
      ['Time to first token', metadata.ttftMs != null ? `${metadata.ttftMs} ms` : null],
      ['Latency', metadata.latencyMs != null ? `${metadata.latencyMs} ms` : null],
      ['Finish', metadata.finishReason],
    ].filter(([, value]) => value != null);
    details.querySelector('dl').replaceChildren(...rows.flatMap(([name, value]) => [
      Object.assign(document.createElement('dt'), { textContent: name }),
      Object.assign(document.createElement('dd'), { textContent: String(value) }),
    ]));
  }

  #emit(name, detail) {
    this.dispatchEvent(new CustomEvent(name, { bubbles: true, detail }));
  }
}
customElements.define('cs-message', ChatMessage);

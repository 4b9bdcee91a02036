// Seeds 002 and 004: an issue, and the AI tasks on it (refine, estimate, break down), each
// streaming into a card with its confidence, metadata, regenerate and earlier versions.

import { api } from './api.js';
import { readFrames } from './sse.js';
import { signedIn } from './session.js';
import { StreamingMarkdown, safeHtml } from './markdown.js';
import { confidenceBadge } from './badge.js';

const TASKS = [
  ['refine-description', 'Refine', 'Refined description'],
  ['estimate-points', 'Estimate', 'Estimate'],
  ['breakdown-issue', 'Breakdown', 'Breakdown'],
];

class AiTasks extends HTMLElement {
  async connectedCallback() {
    await signedIn(this);
    this.innerHTML = `
      <div class="page">
        <form class="card issue">
          <h1>Issue</h1>
          <div class="row">
            <label>Issue id <input name="issueId" required value="PM-1" autocomplete="off"></label>
            <label>Type <select name="issueType"><option>STORY</option><option>BUG</option><option>TASK</option><option>EPIC</option></select></label>
            <label>Priority <select name="priority"><option>LOW</option><option selected>MEDIUM</option><option>HIGH</option><option>CRITICAL</option></select></label>
          </div>
          <label>Description <textarea name="currentDescription" rows="4" required>Users sign in with the company's SSO and land on their dashboard.</textarea></label>
          <div class="row task-buttons"></div>
        </form>
        <div class="columns cards"></div>
      </div>`;
    const buttons = this.querySelector('.task-buttons');
    for (const [task, label, title] of TASKS) {
      const card = document.createElement('cs-task-card');
      card.setAttribute('task', task);
      card.setAttribute('heading', title);
      card.hidden = true;
      this.querySelector('.cards').append(card);
      const button = Object.assign(document.createElement('button'), { type: 'button', textContent: label, className: task });
      button.addEventListener('click', () => this.#run(card, false));
      buttons.append(button);
      card.addEventListener('regenerate', () => this.#run(card, true));
    }
  }

  #run(card, regenerate) {
    const form = this.querySelector('form.issue');
    if (!form.reportValidity()) return;
    card.hidden = false;
    card.run({
      issueId: form.issueId.value.trim(), issueType: form.issueType.value, priority: form.priority.value,
      currentDescription: form.currentDescription.value, regenerate,
    });
  }
}

class TaskCard extends HTMLElement {
  #markdown;
  #running = false;

  connectedCallback() {
    if (this.childElementCount) return;
    this.className = 'card task-card';
    this.innerHTML = `
      <header class="row"><h2></h2><span class="confidence-slot"></span></header>
      <div class="text"></div>
      <p class="problem" role="alert" hidden></p>
      <dl class="metadata"></dl>
      <div class="row">
        <button type="button" class="quiet regenerate" disabled>Regenerate</button>
      </div>
      <details class="earlier" hidden><summary>Earlier versions</summary><ol></ol></details>`;
    this.querySelector('h2').textContent = this.getAttribute('heading');
    this.querySelector('.regenerate').addEventListener('click', () => this.dispatchEvent(new CustomEvent('regenerate')));
  }

  async run(request) {
    if (this.#running) return;
    this.#running = true;
    this.setAttribute('aria-busy', 'true');
    this.querySelector('.regenerate').disabled = true;
    this.#problem(null);
    this.querySelector('.confidence-slot').replaceChildren();
    this.querySelector('.metadata').replaceChildren();
    this.#markdown = new StreamingMarkdown(this.querySelector('.text'));
    try {
      const response = await api.stream('POST', `ai/${this.getAttribute('task')}-stream`, request);
      await readFrames(response, ({ data }) => this.#frame(JSON.parse(data)));
    } catch (failure) {
      this.#problem(failure.message);
    } finally {
      this.#markdown.finish();
      this.#running = false;
      this.setAttribute('aria-busy', 'false');
      this.querySelector('.regenerate').disabled = false;
      await this.#loadEarlier(request.issueId).catch(() => {});
    }
  }

  #frame(frame) {
    switch (frame.type) {
      case 'text': this.#markdown.append(frame.content); break;
      case 'confidence': this.querySelector('.confidence-slot').replaceChildren(confidenceBadge(frame.value)); break;
      case 'metadata': this.#metadata(frame.value); break;
      case 'error': this.#problem(frame.message); break;
      default: break;
    }
  }

  #metadata(metadata) {
    this.querySelector('.metadata').replaceChildren(...Object.entries(metadata).flatMap(([name, value]) => [
      Object.assign(document.createElement('dt'), { textContent: name }),
      Object.assign(document.createElement('dd'), { textContent: typeof value === 'object' ? JSON.stringify(value) : String(value) }),
    ]));
  }

  /** Every kept answer of this task on the issue but the newest, newest first. */
  async #loadEarlier(issueId) {
    const { results } = await api.json('GET', 'ai/results', undefined, { issueId });
    const earlier = results.filter(result => result.task === this.getAttribute('task')).slice(1);
    const details = this.querySelector('.earlier');
    details.hidden = earlier.length === 0;
    details.querySelector('summary').textContent = `Earlier versions (${earlier.length})`;
    details.querySelector('ol').replaceChildren(...earlier.map(result => {
      const item = document.createElement('li');
      const when = Object.assign(document.createElement('time'), { dateTime: result.createdAt, textContent: new Date(result.createdAt).toLocaleString() });
      const text = document.createElement('div');
      text.innerHTML = safeHtml(result.text);
      item.append(when, ' ', confidenceBadge(result.confidence), text);
      return item;
    }));
  }

  #problem(text) {
    const problem = this.querySelector('.problem');
    problem.hidden = !text;
    problem.textContent = text ?? '';
  }
}
customElements.define('cs-task-card', TaskCard);
customElements.define('cs-ai-tasks', AiTasks);

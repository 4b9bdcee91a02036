// The knowledge base's admin page: collections, their documents (dropped in, followed from
// pending to indexed or failed) and a search that shows each passage's score.

import { api } from './api.js';
import { signedIn } from './session.js';

const POLL_MILLIS = 1000;
const collectionPath = slug => `kb/collections/${encodeURIComponent(slug)}`;

class KbAdmin extends HTMLElement {
  #slug = null;
  #poll = null;

  async connectedCallback() {
    await signedIn(this);
    this.innerHTML = `
      <div class="page">
        <p class="banner problem" role="alert" hidden></p>
        <div class="columns">
          <section class="card">
            <h1>Collections</h1>
            <table class="list collections"><thead><tr><th>Name</th><th>Slug</th><th>Public</th><th>Documents</th></tr></thead><tbody></tbody></table>
            <details class="create"><summary>New collection</summary>
              <form class="new-collection">
                <label>Slug <input name="slug" required pattern="[a-z0-9][a-z0-9-]*" autocomplete="off" placeholder="acme-docs"></label>
                <label>Name <input name="name" required autocomplete="off"></label>
                <label>Description <input name="description" autocomplete="off"></label>
                <label><input type="checkbox" name="public"> Public (the widget may answer from it, without sign-in)</label>
                <button type="submit">Create</button>
              </form>
            </details>
          </section>
          <section class="card documents-card" hidden>
            <h2></h2>
            <label class="drop" tabindex="0">Drop text, Markdown, HTML or PDF files here, or choose them
              <input type="file" name="files" multiple accept=".txt,.md,.markdown,.html,.htm,.pdf,text/plain,text/markdown,text/html,application/pdf" class="visually-hidden">
            </label>
            <table class="list documents"><thead><tr><th>Title</th><th>Status</th><th>Chunks</th><th></th></tr></thead><tbody></tbody></table>
            <form class="search row">
              <label>Search <input name="q" required autocomplete="off"></label>
              <label>Min score <input name="minScore" type="number" min="0" max="1" step="0.05" value="0"></label>
              <button type="submit">Search</button>
            </form>
            <ol class="results"></ol>
          </section>
        </div>
      </div>`;
    this.querySelector('.new-collection').addEventListener('submit', event => { event.preventDefault(); this.#create(event.target); });
    this.querySelector('.search').addEventListener('submit', event => { event.preventDefault(); this.#search(event.target); });
    const drop = this.querySelector('.drop');
    drop.querySelector('input').addEventListener('change', event => this.#upload(event.target.files));
    drop.addEventListener('dragover', event => { event.preventDefault(); drop.classList.add('over'); });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', event => {
      event.preventDefault();
      drop.classList.remove('over');
      this.#upload(event.dataTransfer.files);
    });
    drop.addEventListener('keydown', event => { if (event.key === 'Enter' || event.key === ' ') drop.querySelector('input').click(); });
    await this.#guard(() => this.#loadCollections());
  }

  async #loadCollections() {
    const { collections } = await api.json('GET', 'kb/collections');
    this.querySelector('.collections tbody').replaceChildren(...collections.map(collection => {
      const row = document.createElement('tr');
      row.dataset.slug = collection.slug;
      const open = Object.assign(document.createElement('button'), { type: 'button', className: 'quiet', textContent: collection.name });
      open.addEventListener('click', () => this.#open(collection));
      row.append(cell(open), cell(collection.slug), cell(collection.public ? 'yes' : 'no'), cell(String(collection.documentCount)));
      return row;
    }));
  }

  async #create(form) {
    await this.#guard(async () => {
      const { collection } = await api.json('POST', 'kb/collections', {
        slug: form.slug.value.trim(), name: form.name.value.trim(),
        description: form.description.value.trim() || undefined, public: form.public.checked,
      });
      form.reset();
      await this.#loadCollections();
      await this.#open(collection);
    });
  }

  async #open(collection) {
    this.#slug = collection.slug;
    const card = this.querySelector('.documents-card');
    card.hidden = false;
    card.querySelector('h2').textContent = `${collection.name} · documents`;
    this.querySelector('.results').replaceChildren();
    await this.#guard(() => this.#loadDocuments());
  }

  async #loadDocuments() {
    clearTimeout(this.#poll);
    const slug = this.#slug;
    const { documents } = await api.json('GET', `${collectionPath(slug)}/documents`);
    if (slug !== this.#slug) return;
    this.querySelector('.documents tbody').replaceChildren(...documents.map(doc => this.#documentRow(doc)));
    if (documents.some(doc => doc.status === 'pending')) {
      this.#poll = setTimeout(() => this.#guard(() => this.#loadDocuments()), POLL_MILLIS);
    } else {
      await this.#loadCollections();
    }
  }

  #documentRow(doc) {
    const row = document.createElement('tr');
    row.dataset.id = doc.id;
    const status = Object.assign(document.createElement('span'), {
      className: `status status-${doc.status}`, textContent: doc.status,
    });
    const statusCell = cell(status);
    if (doc.error) statusCell.append(Object.assign(document.createElement('div'), { className: 'problem', textContent: doc.error }));
    const remove = Object.assign(document.createElement('button'), { type: 'button', className: 'quiet', textContent: 'Delete' });
    remove.setAttribute('aria-label', `Delete ${doc.title}`);
    remove.addEventListener('click', () => this.#guard(async () => {
      await api.json('DELETE', `${collectionPath(this.#slug)}/documents/${encodeURIComponent(doc.id)}`);
      await this.#loadDocuments();
    }));
    row.append(cell(doc.title), statusCell, cell(String(doc.chunkCount ?? '')), cell(remove));
    return row;
  }

  async #upload(files) {
    await this.#guard(async () => {
      for (const file of files) {
        const form = new FormData();
        form.append('file', file, file.name);
        form.append('title', file.name);
        await api.form(`${collectionPath(this.#slug)}/documents`, form);
      }
      this.querySelector('.drop input').value = '';
      await this.#loadDocuments();
    });
  }

  async #search(form) {
    await this.#guard(async () => {
      const { results } = await api.json('GET', `${collectionPath(this.#slug)}/search`, undefined, {
        q: form.q.value, minScore: form.minScore.value || 0, topK: 10,
      });
      const list = this.querySelector('.results');
      list.replaceChildren(...results.map(result => {
        const item = document.createElement('li');
        const score = Object.assign(document.createElement('span'), { className: 'badge score', textContent: result.score.toFixed(3) });
        const title = Object.assign(document.createElement('strong'), { textContent: result.title });
        const snippet = Object.assign(document.createElement('p'), { className: 'snippet', textContent: result.snippet });
        item.append(score, ' ', title, snippet);
        return item;
      }));
      if (!results.length) list.append(Object.assign(document.createElement('li'), { textContent: 'No passage reaches that score.' }));
    });
  }

  async #guard(action) {
    const banner = this.querySelector('.banner');
    try {
      banner.hidden = true;
      return await action();
    } catch (failure) {
      banner.hidden = false;
      banner.textContent = failure.message;
      return undefined;
    }
  }
}

function cell(content) {
  const element = document.createElement('td');
  element.append(content);
  return element;
}

customElements.define('cs-kb-admin', KbAdmin);

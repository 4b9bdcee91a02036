// The chat app: threads, their history, and answers streaming in.

import { api, uuid } from './api.js';
import { RunStream } from './sse.js';
import { signedIn } from './session.js';
import './chat-message.js';

const PAGE = 20;
/** What a screen reader hears once an answer is over (nothing per token). */
const ANNOUNCEMENTS = {
  completed: 'Answer complete.',
  cancelled: 'Answer stopped.',
  failed: 'The answer failed.',
  interrupted: 'The answer was interrupted.',
};
const FOLLOW_SLACK_PX = 32;

const path = {
  threads: 'chat/threads',
  thread: id => `chat/threads/${encodeURIComponent(id)}`,
  messages: id => `chat/threads/${encodeURIComponent(id)}/messages`,
  send: id => `chat/threads/${encodeURIComponent(id)}/messages/stream`,
  regenerate: (id, messageId) => `chat/threads/${encodeURIComponent(id)}/messages/${encodeURIComponent(messageId)}/regenerate/stream`,
  versions: (id, messageId) => `chat/threads/${encodeURIComponent(id)}/messages/${encodeURIComponent(messageId)}/versions`,
  cancel: (id, runId) => `chat/threads/${encodeURIComponent(id)}/runs/${encodeURIComponent(runId)}/cancel`,
};

class ChatApp extends HTMLElement {
  #thread = null;
  #threadsCursor = null;
  #olderCursor = null;
  #loadingOlder = false;
  #stream = null;
  #following = true;
  /** Where #follow last put the list: a scrollTop above it is the reader's own move. */
  #followedTo = null;

  async connectedCallback() {
    await signedIn(this);
    this.innerHTML = TEMPLATE;
    this.classList.add('threads-open');
    this.#wire();
    await Promise.all([this.#loadThreads(), this.#loadChoices()]);
    const id = new URLSearchParams(location.hash.slice(1)).get('thread');
    if (id) await this.#open(id);
    else this.$('.new-thread-box summary').focus();
  }

  $(selector) { return this.querySelector(selector); }

  #wire() {
    this.$('.new-thread').addEventListener('submit', event => { event.preventDefault(); this.#create(); });
    this.$('.more-threads').addEventListener('click', () => this.#loadThreads(this.#threadsCursor));
    this.$('.toggle-threads').addEventListener('click', () => this.classList.toggle('threads-open'));
    this.$('.rename').addEventListener('click', () => this.#rename());
    this.$('.delete').addEventListener('click', () => this.#delete());
    this.$('.composer').addEventListener('submit', event => { event.preventDefault(); this.#send(); });
    this.$('.stop').addEventListener('click', () => this.#cancel());
    const input = this.$('.composer textarea');
    input.addEventListener('keydown', event => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.#send();
      }
    });
    document.addEventListener('keydown', event => {
      if (event.key === 'Escape' && this.#stream) this.#cancel();
    });
    const list = this.$('.messages');
    list.addEventListener('scroll', () => {
      // the scroll events of #follow's own moves change nothing; the reader's change the mode
      const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < FOLLOW_SLACK_PX;
      if (atBottom !== this.#following) this.#setFollowing(atBottom);
      if (list.scrollTop < 80) this.#loadOlder();
    });
    this.$('.jump').addEventListener('click', () => { this.#setFollowing(true); this.#follow(); });
    list.addEventListener('rendered', () => this.#follow());
    list.addEventListener('regenerate', event => this.#regenerate(event.target));
    list.addEventListener('version', event => this.#switchVersion(event.target, event.detail));
  }

  // threads

  async #loadThreads(cursor) {
    const page = await api.json('GET', path.threads, undefined, { limit: PAGE, cursor });
    if (!cursor) this.$('.thread-list').replaceChildren();
    page.threads.forEach(thread => this.$('.thread-list').append(this.#threadItem(thread)));
    this.#threadsCursor = page.nextCursor;
    this.$('.more-threads').hidden = !page.nextCursor;
  }

  #threadItem(thread) {
    const item = document.createElement('li');
    item.dataset.id = thread.id;
    const button = Object.assign(document.createElement('button'), { type: 'button', className: 'thread' });
    const title = Object.assign(document.createElement('span'), { className: 'title', textContent: thread.title || 'New thread' });
    const when = Object.assign(document.createElement('time'), { dateTime: thread.updatedAt, textContent: new Date(thread.updatedAt).toLocaleString() });
    button.append(title, when);
    button.addEventListener('click', () => this.#open(thread.id));
    item.append(button);
    if (this.#thread?.id === thread.id) button.setAttribute('aria-current', 'true');
    return item;
  }

  async #loadChoices() {
    const [collections, workflows] = await Promise.all([
      api.json('GET', 'kb/collections').catch(() => ({ collections: [] })),
      api.json('GET', 'workflows').catch(() => ({ workflows: [] })),
    ]);
    const form = this.$('.new-thread');
    form.collection.append(...collections.collections.map(c => new Option(`${c.name} (${c.slug})`, c.slug)));
    form.workflow.append(...workflows.workflows.map(w => new Option(w.title || w.name, w.name)));
  }

  async #create() {
    const form = this.$('.new-thread');
    await this.#guard(async () => {
      const { thread } = await api.json('POST', path.threads, {
        title: form.title.value.trim() || undefined,
        collection: form.collection.value || undefined,
        workflow: form.workflow.value || undefined,
      });
      form.reset();
      form.closest('details').open = false;
      this.$('.thread-list').prepend(this.#threadItem(thread));
      await this.#open(thread.id);
    });
  }

  async #open(id) {
    this.#stream?.close();
    this.#stream = null;
    await this.#guard(async () => {
      const { thread } = await api.json('GET', path.thread(id));
      this.#thread = thread;
      history.replaceState(null, '', `#thread=${encodeURIComponent(id)}`);
      this.classList.remove('threads-open');
      this.$('.conversation').hidden = false;
      this.$('.empty').hidden = true;
      this.#showHeader();
      for (const button of this.querySelectorAll('.thread-list .thread')) {
        button.toggleAttribute('aria-current', button.parentElement.dataset.id === id);
      }
      const list = this.$('.messages');
      list.replaceChildren();
      const page = await api.json('GET', path.messages(id), undefined, { limit: 50 });
      list.append(...page.messages.map(message => this.#messageElement(message)));
      this.#olderCursor = page.nextCursor;
      this.#setFollowing(true);
      this.#follow();
      this.#setStreaming(false);
      this.$('.composer textarea').focus();
      if (thread.activeRunId) await this.#join(thread.activeRunId);
    }, () => {
      history.replaceState(null, '', location.pathname);
    });
  }

  #showHeader() {
    const thread = this.#thread;
    this.$('.conversation h2').textContent = thread.title || 'New thread';
    const progress = this.$('.progress');
    const workflow = thread.workflow;
    progress.hidden = !workflow;
    if (workflow) {
      progress.textContent = workflow.status === 'completed' || !workflow.step
        ? `${workflow.name}: all ${workflow.totalSteps} steps done`
        : `${workflow.name}: step ${workflow.step.index + 1} of ${workflow.totalSteps}, ${workflow.step.name}`;
    }
    this.$('.collection').hidden = !thread.collection;
    this.$('.collection').textContent = thread.collection ? `Answers from ${thread.collection}` : '';
  }

  async #rename() {
    const heading = this.$('.conversation h2');
    const input = Object.assign(document.createElement('input'), { value: this.#thread.title ?? '', className: 'rename-input' });
    input.setAttribute('aria-label', 'Thread title');
    heading.replaceChildren(input);
    input.focus();
    input.select();
    const done = async save => {
      input.onblur = null;
      if (save && input.value.trim()) {
        await this.#guard(async () => {
          const { thread } = await api.json('PATCH', path.thread(this.#thread.id), { title: input.value.trim() });
          this.#thread = thread;
          this.$(`.thread-list li[data-id="${CSS.escape(thread.id)}"] .title`).textContent = thread.title;
        });
      }
      this.#showHeader();
    };
    input.addEventListener('keydown', event => {
      if (event.key === 'Enter') done(true);
      if (event.key === 'Escape') { event.stopPropagation(); done(false); }
    });
    input.onblur = () => done(true);
  }

  async #delete() {
    if (!confirm(`Delete “${this.#thread.title || 'New thread'}” and all its messages?`)) return;
    await this.#guard(async () => {
      await api.json('DELETE', path.thread(this.#thread.id));
      this.$(`.thread-list li[data-id="${CSS.escape(this.#thread.id)}"]`)?.remove();
      this.#stream?.close();
      this.#thread = null;
      history.replaceState(null, '', location.pathname);
      this.$('.conversation').hidden = true;
      this.$('.empty').hidden = false;
    });
  }

  // messages

  #messageElement(message) {
    const element = document.createElement('cs-message');
    element.show(message);
    if (message.role === 'assistant' && message.version > 1) element.setVersions(message.version, message.version);
    return element;
  }

  async #loadOlder() {
    if (!this.#olderCursor || this.#loadingOlder) return;
    this.#loadingOlder = true;
    try {
      const id = this.#thread.id;
      const page = await api.json('GET', path.messages(id), undefined, { limit: 50, before: this.#olderCursor });
      if (this.#thread?.id !== id) return;
      const list = this.$('.messages');
      const fromBottom = list.scrollHeight - list.scrollTop;
      list.prepend(...page.messages.map(message => this.#messageElement(message)));
      list.scrollTop = list.scrollHeight - fromBottom;
      this.#olderCursor = page.nextCursor;
    } finally {
      this.#loadingOlder = false;
    }
  }

  async #send() {
    const input = this.$('.composer textarea');
    const content = input.value;
    if (!content.trim() || this.#stream || !this.#thread) return;
    input.value = '';
    const pending = this.#messageElement({ role: 'user', content, status: 'completed' });
    pending.classList.add('pending');
    this.$('.messages').append(pending);
    this.#setFollowing(true);
    this.#follow();
    const send = path.send(this.#thread.id);
    await this.#run(stream => stream.start(send, { content }, uuid()), null, failure => {
      // nothing was stored: the text goes back where the user typed it
      pending.remove();
      if (!input.value) input.value = content;
      this.#problem(failure);
    }, saved => {
      pending.replaceWith(saved);
    });
  }

  async #regenerate(element) {
    if (this.#stream) return;
    const regenerate = path.regenerate(this.#thread.id, element.messageId);
    await this.#run(stream => stream.start(regenerate), element, failure => this.#problem(failure));
  }

  /** Joins the thread's active run after a reload: its events replayed from the start, then live. */
  #join(runId) {
    return this.#run(stream => stream.join(runId), null, failure => this.#problem(failure));
  }

  /**
   * Streams one run, begun by `begin(stream)`: onRefused when the server refused before the
   * stream began (nothing stored), onSaved with the stored user message when it arrives.
   */
  async #run(begin, answer, onRefused, onSaved) {
    const stream = new RunStream(api, this.#thread.id, event => this.#onEvent(event, context));
    const context = { stream, answer, onSaved, started: false, regenerating: !!answer };
    this.#stream = stream;
    this.#setStreaming(true);
    try {
      await begin(stream);
    } catch (failure) {
      if (!context.started) onRefused(failure);
      else this.#answerElement(context, null).fail(failure.message);
    } finally {
      this.#finishRun(stream, context);
    }
  }

  #finishRun(stream, context) {
    if (this.#stream !== stream) return;
    this.#stream = null;
    this.#setStreaming(false);
    const status = context.answer?.message.status;
    if (context.answer && status) {
      this.$('.announce').textContent = ANNOUNCEMENTS[status] ?? '';
    }
    if (context.regenerating && context.begun) this.#countVersions(context.answer).catch(failure => this.#problem(failure));
    this.#refreshThread();
  }

  #onEvent(event, context) {
    context.started = true;
    const data = event.data;
    switch (event.type) {
      case 'message_saved': {
        const existing = this.$(`cs-message[data-id="${CSS.escape(data.message.id)}"]`);
        if (!existing) {
          const saved = this.#messageElement(data.message);
          if (context.onSaved) context.onSaved(saved);
          else this.$('.messages').append(saved);
        }
        context.userMessageId = data.message.id;
        break;
      }
      case 'workflow_status':
        this.#thread.workflow = { name: data.workflow, status: 'active', step: data.step, totalSteps: data.totalSteps };
        this.#showHeader();
        break;
      case 'workflow_complete':
        this.#thread.workflow = { ...this.#thread.workflow, status: 'completed', step: null };
        this.#showHeader();
        break;
      case 'connected':
        break;
      case 'status':
      case 'error':
        this.#answerElement(context, null).apply(event);
        break;
      default:
        if (data && data.messageId) this.#answerElement(context, data.messageId).apply(event);
        break;
    }
    // a delta's text appears at the next frame, which follows it ('rendered'); reading the list's
    // height here, once per token, would force a layout per token
    if (event.type !== 'ai_response') this.#follow();
  }

  /**
   * The element an answer streams into: the one being regenerated, the stored one of a run
   * rejoined, or a new one. It starts over at the first event that names the answer.
   */
  #answerElement(context, messageId) {
    if (!context.answer) {
      const stored = messageId && this.$(`cs-message[data-id="${CSS.escape(messageId)}"]`);
      context.answer = stored || this.$('.messages').appendChild(document.createElement('cs-message'));
    }
    const answer = context.answer;
    if (messageId && !context.begun) {
      context.begun = true;
      const parentId = answer.message.parentId ?? context.userMessageId;
      answer.beginStream(messageId);
      answer.message.parentId = parentId;
    } else if (!messageId && !context.placeholder && !context.begun) {
      context.placeholder = true;
      answer.beginStream(null);
    }
    return answer;
  }

  async #countVersions(element) {
    const { versions } = await api.json('GET', path.versions(this.#thread.id, element.messageId));
    element.versionList = versions;
    element.setVersions(versions.length, versions.length);
  }

  async #switchVersion(element, step) {
    if (this.#stream) return;
    await this.#guard(async () => {
      element.versionList ??= (await api.json('GET', path.versions(this.#thread.id, element.messageId))).versions;
      const list = element.versionList;
      const at = list.findIndex(version => version.id === element.messageId) + step;
      if (at < 0 || at >= list.length) return;
      element.show(list[at]);
      element.setVersions(at + 1, list.length);
    });
  }

  async #cancel() {
    const runId = this.#stream?.runId;
    if (!runId) return;
    this.$('.stop').disabled = true;
    await this.#guard(() => api.json('POST', path.cancel(this.#thread.id, runId)));
  }

  async #refreshThread() {
    if (!this.#thread) return;
    const { thread } = await api.json('GET', path.thread(this.#thread.id)).catch(() => ({ thread: null }));
    if (!thread || thread.id !== this.#thread?.id) return;
    this.#thread = thread;
    this.#showHeader();
    const item = this.$(`.thread-list li[data-id="${CSS.escape(thread.id)}"]`);
    if (item) this.$('.thread-list').prepend(item);
  }

  #setStreaming(streaming) {
    const list = this.$('.messages');
    list.setAttribute('aria-busy', String(streaming));
    if (streaming) this.$('.announce').textContent = '';
    this.$('.send').disabled = streaming;
    this.$('.stop').hidden = !streaming;
    this.$('.stop').disabled = false;
  }

  #setFollowing(following) {
    this.#following = following;
    this.#followedTo = null;
    this.$('.jump').hidden = following;
  }

  /**
   * Keeps the newest text in view while the reader is at the bottom. A frame may render before
   * the scroll event of the reader's own move arrives: a position above the one set last (and
   * not at the bottom, where a shorter text would put it) is theirs, and stops the following
   * instead of being undone.
   */
  #follow() {
    if (!this.#following) return;
    const list = this.$('.messages');
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < FOLLOW_SLACK_PX;
    if (this.#followedTo !== null && list.scrollTop < this.#followedTo - 2 && !atBottom) {
      this.#setFollowing(false);
      return;
    }
    list.scrollTop = list.scrollHeight;
    this.#followedTo = list.scrollTop;
  }

  async #guard(action, onFailure) {
    try {
      this.#problem(null);
      return await action();
    } catch (failure) {
      onFailure?.(failure);
      this.#problem(failure);
      return undefined;
    }
  }

  #problem(failure) {
    const banner = this.$('.banner');
    if (!banner) return;
    banner.hidden = !failure;
    banner.textContent = failure ? failure.message : '';
  }
}

const TEMPLATE = `
  <div class="chat-layout">
    <aside class="threads" aria-label="Threads">
      <details class="new-thread-box">
        <summary>New thread</summary>
        <form class="new-thread">
          <label>Title <input name="title" autocomplete="off" placeholder="optional"></label>
          <label>Knowledge base <select name="collection"><option value="">none</option></select></label>
          <label>Workflow <select name="workflow"><option value="">none</option></select></label>
          <button type="submit">Create</button>
        </form>
      </details>
      <ul class="thread-list"></ul>
      <button type="button" class="quiet more-threads" hidden>More threads</button>
    </aside>
    <section class="main-pane">
      <button type="button" class="quiet toggle-threads">Threads</button>
      <p class="banner problem" role="alert" hidden></p>
      <p class="empty">Pick a thread, or start a new one.</p>
      <div class="conversation" hidden>
        <header class="conversation-header">
          <h2></h2>
          <span class="collection badge" hidden></span>
          <span class="progress badge" hidden></span>
          <span class="header-actions">
            <button type="button" class="quiet rename">Rename</button>
            <button type="button" class="quiet delete">Delete</button>
          </span>
        </header>
        <div class="messages" role="log" aria-label="Messages" aria-busy="false" tabindex="0"></div>
        <button type="button" class="jump" hidden>Jump to latest ↓</button>
        <div class="announce visually-hidden" aria-live="polite"></div>
        <form class="composer">
          <textarea name="content" rows="2" aria-label="Message" placeholder="Ask something (Enter sends, Shift+Enter for a new line, Esc stops)"></textarea>
          <button type="submit" class="send">Send</button>
          <button type="button" class="stop" hidden>Stop</button>
        </form>
      </div>
    </section>
  </div>`;

customElements.define('cs-chat-app', ChatApp);

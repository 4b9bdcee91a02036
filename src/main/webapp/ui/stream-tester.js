// Seed 001's stream tester: a plain EventSource on GET /api/stream/chat-get, the way a browser
// app without fetch streaming would read it, with each chunk shown as it arrives.

import { api } from './api.js';
import { signedIn } from './session.js';

class StreamTester extends HTMLElement {
  #source = null;

  async connectedCallback() {
    await signedIn(this);
    this.innerHTML = `
      <div class="page">
        <form class="card tester">
          <h1>Stream tester</h1>
          <div class="row">
            <label>Provider
              <select name="provider">
                <option value="">server default</option>
                <option>builtin</option><option>openai</option><option>anthropic</option><option>gemini</option>
              </select>
            </label>
            <label>Question <input name="question" required autocomplete="off" value="Tell me about streaming"></label>
            <button type="submit" class="start">Ask</button>
            <button type="button" class="stop" disabled>Stop</button>
          </div>
        </form>
        <section class="card">
          <div class="figures">
            <label>State <output class="state">idle</output></label>
            <label>Time to first chunk <output class="ttft">–</output></label>
            <label>Chunks <output class="count">0</output></label>
            <label>Chunks per second <output class="rate">–</output></label>
          </div>
          <p class="problem" role="alert" hidden></p>
          <div class="chunks" aria-live="off"></div>
        </section>
      </div>`;
    this.querySelector('form').addEventListener('submit', event => { event.preventDefault(); this.#start(); });
    this.querySelector('.stop').addEventListener('click', () => this.#stop('stopped'));
  }

  #start() {
    this.#stop();
    const form = this.querySelector('form');
    const chunks = this.querySelector('.chunks');
    chunks.replaceChildren();
    this.#show({ state: 'connecting', ttft: '–', count: 0, rate: '–' });
    this.#problem(null);
    const url = api.url('stream/chat-get', {
      user_input: form.question.value, provider: form.provider.value, access_token: api.token,
    });
    const started = performance.now();
    let first = null;
    let count = 0;
    const source = new EventSource(url);
    this.#source = source;
    this.querySelector('.stop').disabled = false;
    source.onmessage = event => {
      const frame = JSON.parse(event.data);
      if (frame.error) {
        this.#problem(frame.error);
        this.#stop('failed');
        return;
      }
      if (frame.done) {
        this.#stop('done');
        return;
      }
      const now = performance.now();
      first ??= now;
      count += 1;
      const chunk = Object.assign(document.createElement('span'), { textContent: frame.chunk, title: `+${Math.round(now - started)} ms` });
      chunks.append(chunk);
      const seconds = (now - first) / 1000;
      this.#show({
        state: 'streaming', ttft: `${Math.round(first - started)} ms`, count,
        rate: seconds > 0 ? ((count - 1) / seconds).toFixed(1) : '–',
      });
    };
    // An EventSource reconnects by itself after a drop; a stream that never opened is a refusal.
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) {
        this.#problem('The server refused the stream (check the token and the provider).');
        this.#stop('failed');
      } else {
        this.#show({ state: 'reconnecting' });
      }
    };
  }

  #stop(state) {
    this.#source?.close();
    this.#source = null;
    this.querySelector('.stop').disabled = true;
    if (state) this.#show({ state });
  }

  #show(figures) {
    for (const [name, value] of Object.entries(figures)) this.querySelector(`.${name}`).textContent = value;
  }

  #problem(text) {
    const problem = this.querySelector('.problem');
    problem.hidden = !text;
    problem.textContent = text ?? '';
  }
}
customElements.define('cs-stream-tester', StreamTester);

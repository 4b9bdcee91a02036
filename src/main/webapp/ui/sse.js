// Server-Sent Events over fetch: the sends are POSTs with a bearer token, which EventSource
// cannot make. One parser serves the chat app, the widget (its own frames) and the task card.

/** Reads an SSE response body, calling onFrame({id, data}) per frame; resolves when the body ends. */
export async function readFrames(response, onFrame) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let frame = { id: null, data: [] };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let newline;
    while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
      if (line === '') {
        if (frame.data.length) onFrame({ id: frame.id, data: frame.data.join('\n') });
        frame = { id: null, data: [] };
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') frame.data.push(value);
        else if (field === 'id') frame.id = value;
      }
    }
  }
}

/**
 * One run's events, read from the request that started it and, when the connection drops
 * before `done`, from `GET …/runs/{runId}/events` with `Last-Event-ID`: every event reaches
 * onEvent once, in order, whatever the network does.
 */
const MAX_RECONNECTS = 10;

export class RunStream {
  #api;
  #threadId;
  #onEvent;
  #runId = null;
  #lastId = null;
  #lastSeq = 0;
  #finished = false;
  #aborted = new AbortController();
  #resend = null;

  constructor(api, threadId, onEvent) {
    this.#api = api;
    this.#threadId = threadId;
    this.#onEvent = onEvent;
  }

  get runId() { return this.#runId; }

  /**
   * Starts from a POST (a send or a regenerate); resolves once the run is over. A send carries
   * an Idempotency-Key: when its connection drops before the run is known, it is sent again with
   * the same key and joins the run the first one started, instead of storing the message twice.
   */
  async start(path, body, idempotencyKey) {
    const headers = idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {};
    const send = () => this.#api.stream('POST', path, body, headers, this.#aborted.signal);
    if (idempotencyKey) this.#resend = send;
    return this.#follow(send);
  }

  /** Joins a run that is already going (a reload mid-answer): its events from the start. */
  async join(runId) {
    this.#runId = runId;
    return this.#follow(() => this.#api.stream('GET', this.#eventsPath(), undefined, {}, this.#aborted.signal));
  }

  /** Stops reading (the run goes on on the server: cancel it through its endpoint). */
  close() {
    this.#finished = true;
    this.#aborted.abort();
  }

  async #follow(open) {
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await open();
        await readFrames(response, frame => { attempt = 0; this.#frame(frame); });
      } catch (failure) {
        if (this.#finished) return;
        if (failure.status) throw failure;
      }
      if (this.#finished) return;
      if (!this.#runId && !this.#resend) throw new Error('The connection dropped before the answer started. Send again.');
      if (attempt >= MAX_RECONNECTS) throw new Error('The connection to the server was lost. Reload the page to see the answer.');
      await pause(Math.min(250 * 2 ** attempt, 4000), this.#aborted.signal);
      open = this.#runId ? () => this.#api.stream('GET', this.#eventsPath(), undefined,
        this.#lastId ? { 'Last-Event-ID': this.#lastId } : {}, this.#aborted.signal) : this.#resend;
    }
  }

  #eventsPath() {
    return `chat/threads/${encodeURIComponent(this.#threadId)}/runs/${encodeURIComponent(this.#runId)}/events`;
  }

  #frame({ id, data }) {
    const seq = id ? Number(id.slice(id.lastIndexOf(':') + 1)) : 0;
    if (seq && seq <= this.#lastSeq) return;
    if (seq) { this.#lastSeq = seq; this.#lastId = id; }
    const event = JSON.parse(data);
    if (event.type === 'connected') this.#runId = event.data.runId;
    if (event.type === 'done') this.#finished = true;
    this.#onEvent(event);
  }
}

function pause(millis, signal) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, millis);
    signal.addEventListener('abort', () => { clearTimeout(timer); reject(new DOMException('stopped', 'AbortError')); }, { once: true });
  });
}

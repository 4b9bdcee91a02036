// Markdown for model output: sanitised always, and while an answer streams, rendered once per
// animation frame with only its last block parsed again; finished blocks are parsed once.

import { Marked, DOMPurify, HIGHLIGHT_JS } from './libs.js';

const markdown = new Marked({ gfm: true });

// Links in model output open elsewhere and tell nothing about this page.
DOMPurify.addHook('afterSanitizeAttributes', node => {
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer nofollow');
  }
});

/** Markdown to HTML that cannot run script: no handlers, no javascript: URLs, no forms. */
export function safeHtml(text) {
  return DOMPurify.sanitize(markdown.parse(text), { FORBID_TAGS: ['style', 'form', 'input', 'textarea', 'button'] });
}

let highlighter;
function loadHighlighter() {
  highlighter ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = HIGHLIGHT_JS;
    script.onload = () => resolve(window.hljs);
    script.onerror = reject;
    document.head.append(script);
  });
  return highlighter;
}

/** Colours the code blocks of a finished block. */
function highlight(element) {
  const blocks = element.querySelectorAll('pre code');
  if (blocks.length) loadHighlighter().then(hljs => blocks.forEach(block => hljs.highlightElement(block)), () => {});
}

/**
 * Turns `[n]` in the text (not in code or links) into a link to source n, for the indexes that
 * are sources.
 */
export function linkCitations(element, hrefOf) {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT, {
    acceptNode: node => node.parentElement.closest('code, pre, a') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
  });
  const texts = [];
  while (walker.nextNode()) if (/\[\d+\]/.test(walker.currentNode.data)) texts.push(walker.currentNode);
  for (const text of texts) {
    const parts = text.data.split(/(\[\d+\])/);
    const fragment = document.createDocumentFragment();
    for (const part of parts) {
      const href = /^\[\d+\]$/.test(part) ? hrefOf(Number(part.slice(1, -1))) : null;
      if (href) {
        const link = document.createElement('a');
        link.className = 'cite';
        link.href = href;
        link.textContent = part;
        fragment.append(link);
      } else if (part) {
        fragment.append(part);
      }
    }
    text.replaceWith(fragment);
  }
}

/**
 * A streaming answer's rendering into `root`. The text is split at blank lines outside code
 * fences: everything before the last such line is finished and never parsed again.
 */
export class StreamingMarkdown {
  #root;
  #tail = document.createElement('div');
  #options;
  #text = '';
  #stableEnd = 0;
  #scanned = 0;
  #inFence = false;
  #scheduled = false;

  /** options: hrefOf(index) for citation links, highlight (default true), onRender after each frame. */
  constructor(root, options = {}) {
    this.#root = root;
    this.#options = { highlight: true, ...options };
    root.replaceChildren(this.#tail);
  }

  get text() { return this.#text; }

  append(delta) {
    this.#text += delta;
    if (!this.#scheduled) {
      this.#scheduled = true;
      requestAnimationFrame(() => this.#render());
    }
  }

  /** Replaces the whole text (a rejoin that replays from the start, a version switched to). */
  reset(text = '') {
    this.#text = '';
    this.#stableEnd = this.#scanned = 0;
    this.#inFence = false;
    this.#root.replaceChildren(this.#tail);
    this.append(text);
  }

  /** Renders what is there now, code highlighted: the answer is complete. */
  finish() {
    this.#render();
    this.#decorate(this.#tail, true);
  }

  /** Citation links may change once the sources are known. */
  set hrefOf(hrefOf) {
    this.#options.hrefOf = hrefOf;
    for (const block of this.#root.children) this.#decorate(block, false);
  }

  #render() {
    this.#scheduled = false;
    const boundary = this.#lastBoundary();
    if (boundary > this.#stableEnd) {
      const block = document.createElement('div');
      block.innerHTML = safeHtml(this.#text.slice(this.#stableEnd, boundary));
      this.#decorate(block, true);
      this.#tail.before(block);
      this.#stableEnd = boundary;
    }
    this.#tail.innerHTML = safeHtml(this.#text.slice(this.#stableEnd));
    this.#decorate(this.#tail, false);
    this.#options.onRender?.();
  }

  #lastBoundary() {
    let boundary = -1;
    for (let newline; (newline = this.#text.indexOf('\n', this.#scanned)) >= 0; this.#scanned = newline + 1) {
      const line = this.#text.slice(this.#scanned, newline);
      if (/^ {0,3}(```|~~~)/.test(line)) this.#inFence = !this.#inFence;
      else if (!this.#inFence && line.trim() === '') boundary = newline + 1;
    }
    return boundary;
  }

  #decorate(element, complete) {
    if (this.#options.hrefOf) linkCitations(element, this.#options.hrefOf);
    if (complete && this.#options.highlight) highlight(element);
  }
}

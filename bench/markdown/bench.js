// The cost of rendering a streaming answer: StreamingMarkdown (finished blocks parsed once, the
// last block per frame) against parsing and sanitising the whole text every frame, as the chat
// UIs compared in issue 13 do. Frames are driven by hand (requestAnimationFrame replaced) so
// that each frame's work is timed alone, TOKENS_PER_FRAME tokens apart.

const TOKENS_PER_FRAME = 5;
const frames = [];
window.requestAnimationFrame = callback => { frames.push(callback); return frames.length; };

const { StreamingMarkdown, safeHtml } = await import('../../ui/markdown.js');

/** An answer as a model writes one: paragraphs, lists, a table and code blocks, ~4 characters a token. */
function answer(blocks) {
  const parts = [];
  for (let i = 0; i < blocks; i++) {
    switch (i % 5) {
      case 0: parts.push(`## Step ${i}\n\nThe service **${i}** reads its settings from \`CHAT_${i}\` and falls back to the defaults [1].`); break;
      case 1: parts.push(`- first item of list ${i}\n- second item with \`code\`\n- third item, *emphasised*`); break;
      case 2: parts.push('```java\nvar client = HttpClient.newHttpClient();\nvar response = client.send(request, BodyHandlers.ofString());\n```'); break;
      case 3: parts.push(`| key | value |\n|---|---|\n| row ${i} | ${i * 7} |\n| other | text |`); break;
      default: parts.push(`A longer paragraph number ${i} that explains what happened and why it matters for the reader, with a link to [the docs](https://example.com/${i}).`);
    }
  }
  const text = parts.join('\n\n');
  return text.match(/[\s\S]{1,4}/g);
}

function run(tokens, render) {
  const times = [];
  const started = performance.now();
  for (let i = 0; i < tokens.length; i += TOKENS_PER_FRAME) {
    render(tokens.slice(i, i + TOKENS_PER_FRAME).join(''));
    const t0 = performance.now();
    while (frames.length) frames.shift()();
    times.push(performance.now() - t0);
  }
  return { total: performance.now() - started, times };
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

function figures(label, result, chars) {
  const n = result.times.length;
  const tenth = Math.max(1, Math.floor(n / 10));
  const window = from => result.times.slice(from, from + tenth);
  return {
    label, chars, frames: n,
    firstTenthP50: percentile(window(0), 0.5),
    middleTenthP50: percentile(window(Math.floor(n / 2)), 0.5),
    lastTenthP50: percentile(window(n - tenth), 0.5),
    lastTenthP99: percentile(window(n - tenth), 0.99),
    totalMs: result.total,
  };
}

const results = [];
// the floor: one short block parsed, sanitised and put into the page, the least a frame can do
{
  const target = document.createElement('div');
  document.body.append(target);
  const times = [];
  for (let i = 0; i < 500; i++) {
    const t0 = performance.now();
    target.innerHTML = safeHtml(`The service **${i}** reads \`CHAT_${i}\`.`);
    times.push(performance.now() - t0);
  }
  target.remove();
  results.push({ label: 'floor: one short block', chars: 30, frames: times.length, firstTenthP50: percentile(times, 0.5),
    middleTenthP50: percentile(times, 0.5), lastTenthP50: percentile(times, 0.5), lastTenthP99: percentile(times, 0.99),
    totalMs: times.reduce((a, b) => a + b, 0) });
}
for (const blocks of [100, 400]) {
  const tokens = answer(blocks);
  const chars = tokens.join('').length;
  const ours = document.createElement('div');
  document.body.append(ours);
  const streaming = new StreamingMarkdown(ours, { highlight: false });
  results.push(figures('streaming', run(tokens, delta => streaming.append(delta)), chars));
  const whole = document.createElement('div');
  document.body.append(whole);
  let text = '';
  results.push(figures('whole text per frame', run(tokens, delta => {
    text += delta;
    requestAnimationFrame(() => { whole.innerHTML = safeHtml(text); });
  }), chars));
  if (ours.textContent.replace(/\s+/g, ' ') !== whole.textContent.replace(/\s+/g, ' ')) {
    results.push({ label: 'MISMATCH: the two renderings differ in text', chars });
  }
  ours.remove();
  whole.remove();
}
window.benchResults = results;

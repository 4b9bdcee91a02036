// The third-party code the pages use, served from its Maven artifacts' META-INF/resources; the
// versions come from the pom, so this file is the one place that names them.
export { Marked } from '../_static/marked/${marked.version}/lib/marked.esm.js';
export { default as DOMPurify } from '../_static/dompurify/${dompurify.version}/dist/purify.es.mjs';

/** highlight.js ships as a classic script only (its npm es/ build imports CommonJS). */
export const HIGHLIGHT_JS = new URL('../webjars/highlightjs/${highlightjs.version}/highlight.min.js', import.meta.url).href;

/**
 * The readiness report as one HTML file that opens from disk (file://) with no server and no
 * network: the page built into dist/report (`vite build --config web/vite.report.config.ts`), its
 * script and style sheet inlined, and the plan embedded as JSON for the page to render.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PeakPlan } from '../contract.js';

// Three levels up from both src/planner/report (tests run the sources) and dist/planner/report (the
// built CLI): the same dist/report either way.
const reportRoot = fileURLToPath(new URL('../../../dist/report/', import.meta.url));

const moduleScript = /<script\b[^>]*\bsrc="\.\/(assets\/[^"]+\.js)"[^>]*><\/script>/g;
const styleSheet = /<link\b[^>]*\brel="stylesheet"[^>]*\bhref="\.\/(assets\/[^"]+\.css)"[^>]*>/g;
const planSlot = '<script type="application/json" id="plan"></script>';
const charsetMeta = '<meta charset="utf-8" />';

/**
 * Nothing may reach the network, whatever a later change to the page tries: scripts and styles are
 * the inlined ones, images only data: URLs (the icon), and no fetch, font or frame at all.
 */
const contentSecurityPolicy =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

/**
 * A script's text made safe inside `<script>`: `</script` would end the element early, so it is
 * written `<\/script`, which reads the same in a JavaScript string, template or regular expression.
 * `<!--` and `<script` would put the HTML parser in a state where `</script>` no longer ends it;
 * the built bundle holds neither, and if a change brought one in, the report fails loudly here.
 */
function inlineScript(source: string): string {
  const escaped = source.replace(/<\/(script)/gi, (_match, name: string) => `<\\/${name}`);
  if (/<!--|<script/i.test(escaped))
    throw new Error('The report bundle holds `<!--` or `<script`: it cannot be inlined safely.');
  return `<script type="module">${escaped}</script>`;
}

function inlineStyle(source: string): string {
  if (/<\/style/i.test(source))
    throw new Error('The report style sheet holds `</style`: it cannot be inlined safely.');
  return `<style>${source}</style>`;
}

/**
 * The plan as JSON that no text in it can break out of: `<`, `>` and `&` are written as \u escapes
 * (JSON reads them back the same), so a name holding `</script>` stays inside its string.
 */
export function embeddedJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Reads one built asset; an asset the page names but the build lacks is a broken build. */
function asset(path: string): string {
  const file = `${reportRoot}${path}`;
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\`.`);
  return readFileSync(file, 'utf8');
}

/** The whole report.html for a plan. Throws when the report page is not built. */
export function planHtml(plan: PeakPlan): string {
  const index = `${reportRoot}index.html`;
  if (!existsSync(index))
    throw new Error(`The readiness report page is not built (${index} is missing): run \`npm run build\`.`);
  const template = readFileSync(index, 'utf8');
  const scripts = [...template.matchAll(moduleScript)];
  const sheets = [...template.matchAll(styleSheet)];
  if (
    scripts.length !== 1 ||
    sheets.length > 1 ||
    template.split(planSlot).length !== 2 ||
    !template.includes(charsetMeta)
  )
    throw new Error(`${index} is not the report page this version builds: run \`npm run build\`.`);
  const { from, to } = plan.forecast.window;
  // The script goes in last, so that no later replacement searches its text.
  return template
    .replace(
      charsetMeta,
      () =>
        `${charsetMeta}\n    <meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy}" />`,
    )
    .replace(
      /<title>[^<]*<\/title>/,
      () => `<title>${escapeHtml(`Peak readiness: ${from} to ${to}`)}</title>`,
    )
    .replace(planSlot, () => `<script type="application/json" id="plan">${embeddedJson(plan)}</script>`)
    .replace(styleSheet, () => inlineStyle(asset(sheets[0]![1]!)))
    .replace(moduleScript, () => inlineScript(asset(scripts[0]![1]!)));
}

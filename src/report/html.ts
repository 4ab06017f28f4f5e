// report.html: one self-contained page (inline CSS, charts as inline SVG, a few lines of JS to sort tables).
// No external resource of any kind; a Content-Security-Policy forbids the browser from fetching any.
import type { Block, Cell, Inline, ReportDocument } from './document-model.js';
import { CATEGORY_COLORS, COLORS } from './theme.js';

export function escHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A self-contained page: everything inline, and a Content-Security-Policy that forbids fetching anything else. */
export function htmlPage(o: { title: string; csp: string; css: string; body: string }): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${o.csp}">
<title>${escHtml(o.title)}</title>
<style>${o.css}</style>
</head>
<body>
${o.body}
</body>
</html>
`;
}

function slugId(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function inline(parts: Inline[]): string {
  return parts
    .map((p) => {
      if (typeof p === 'string') return escHtml(p);
      if ('code' in p) return `<code>${escHtml(p.code)}</code>`;
      if ('link' in p) {
        // Only web links become anchors; nothing is fetched unless the reader clicks.
        return /^https?:\/\//i.test(p.link)
          ? `<a href="${escHtml(p.link)}" rel="noopener noreferrer">${escHtml(p.text)}</a>`
          : escHtml(p.text);
      }
      return `<strong>${escHtml(p.strong)}</strong>`;
    })
    .join('');
}

/** Makes the ids inside one chart's SVG unique on the page (several charts would otherwise share clip ids). */
export function scopeSvgIds(svg: string, prefix: string): string {
  return svg
    .replace(/<\?xml[^>]*>\s*/, '')
    .replace(/\sid="([^"]+)"/g, ` id="${prefix}-$1"`)
    .replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`)
    .replace(/(\s(?:xlink:)?href)="#([^"]+)"/g, `$1="#${prefix}-$2"`);
}

function td(c: Cell, numeric: boolean): string {
  const sort =
    c.sort === undefined || (typeof c.sort === 'number' && !Number.isFinite(c.sort))
      ? ''
      : ` data-sort="${escHtml(String(c.sort))}"`;
  const mark = c.category
    ? `<span class="cat" style="background:${CATEGORY_COLORS[c.category] ?? '#888'}"></span>`
    : '';
  // A figure and its interval, extra or next price ("+37.0 % [35.7, 38.2]", "$1.25 / $10.00") may wrap between
  // them, never inside one.
  // A short single word (a verdict, a tokenizer id, a language) never breaks inside: "matche|s" reads as a typo.
  const short = !/\s/.test(c.text) && [...c.text].length <= 20;
  const body = c.code
    ? `<code${short && [...c.text].length <= 12 ? ' class="nw"' : ''}>${escHtml(c.text)}</code>`
    : short && !numeric
      ? `<span class="nw">${escHtml(c.text)}</span>`
      : numeric
        ? c.text
            .split(/ (?=[[(/])/)
            .map((part) => `<span class="nw">${escHtml(part)}</span>`)
            .join(' ')
        : escHtml(c.text);
  return `<td${numeric ? ' class="num"' : ''}${sort}>${mark}${body}</td>`;
}

let chartCounter = 0;

function block(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `<h${b.level} id="${escHtml(b.id)}">${escHtml(b.text)}</h${b.level}>`;
    case 'para':
      return `<p>${inline(b.content)}</p>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${inline(i)}</li>`).join('')}</ul>`;
    case 'code':
      return `<pre><code>${escHtml(b.text)}</code></pre>`;
    case 'chart': {
      const c = b.chart;
      const id = `chart-${slugId(c.rel.png.replace(/^charts\//, '').replace(/\.png$/, ''))}`;
      const svg = scopeSvgIds(c.svg, `c${++chartCounter}`).replace(
        /<svg\b/,
        `<svg role="img" aria-label="${escHtml(`${c.title}. ${c.description}`)}"`,
      );
      return (
        `<figure class="chart" id="${escHtml(id)}" data-chart="${escHtml(c.name)}">${svg}` +
        `<figcaption>${escHtml(c.title)} · <a href="${escHtml(c.rel.png)}">PNG</a> · <a href="${escHtml(c.rel.svg)}">SVG</a> · ` +
        `<a href="${escHtml(c.rel.spec)}">Vega-Lite spec</a></figcaption></figure>`
      );
    }
    case 'table': {
      const head = b.columns
        .map(
          (c, i) =>
            `<th scope="col"${c.numeric ? ' class="num"' : ''} data-col="${i}" data-type="${c.numeric ? 'num' : 'text'}" tabindex="0" aria-sort="none">${escHtml(c.label)}</th>`,
        )
        .join('');
      const rows = b.rows
        .map((r) => `<tr>${r.map((c, i) => td(c, !!b.columns[i]?.numeric)).join('')}</tr>`)
        .join('\n');
      return (
        `<div class="table-wrap"><table id="${escHtml(b.id)}" class="sortable"><caption>${escHtml(b.caption)}</caption>` +
        `<thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table></div>`
      );
    }
  }
}

const CSS = `
:root{--text:${COLORS.text};--muted:${COLORS.muted};--line:${COLORS.grid};--accent:${COLORS.accent};--zebra:#f6f8fa}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.55 "Liberation Sans",Arial,Helvetica,system-ui,sans-serif;color:var(--text);background:#fff}
main{max-width:1880px;margin:0 auto;padding:24px 24px 64px}
main>p,main>ul,main>ol,.subtitle{max-width:80rem}
h1{font-size:2rem;margin:0 0 .25rem;line-height:1.2}
h2{font-size:1.45rem;margin:2.4rem 0 .6rem;padding-bottom:.3rem;border-bottom:1px solid var(--line)}
h3{font-size:1.15rem;margin:1.6rem 0 .5rem}
.subtitle{color:var(--muted);margin:0 0 1.5rem}
.headline{font-size:1.1rem;background:#f0f6fc;border-left:4px solid var(--accent);padding:12px 16px;margin:0 0 1rem}
.findings{font-size:1.1rem;background:#f0f6fc;border-left:4px solid var(--accent);padding:12px 16px 12px 2.2rem;margin:0 0 1rem}
.findings li{margin:.35rem 0}
nav{font-size:.95rem;margin:0 0 1rem;display:flex;flex-wrap:wrap;gap:.25rem .9rem}nav a{white-space:nowrap}
a{color:var(--accent)}
code{font:.88em/1.4 "Liberation Mono",Menlo,Consolas,monospace;background:#f2f4f6;padding:.1em .3em;border-radius:4px;overflow-wrap:anywhere}
.table-wrap{overflow-x:auto;-webkit-overflow-scrolling:touch;margin:.5rem 0 1.5rem;border:1px solid var(--line);border-radius:6px}
table{border-collapse:collapse;width:100%;font-size:.9rem;font-variant-numeric:tabular-nums}
caption{caption-side:top;text-align:left;font-weight:bold;padding:10px 12px 6px}
th,td{padding:6px 10px;border-top:1px solid var(--line);text-align:left;vertical-align:top}
/* Cells wrap (long ids and URLs anywhere, figures only between a value and its interval), so at 1280 px and wider
   every table fits its page and no column, the verdicts included, is cut off or scrolled away. */
td{white-space:normal;overflow-wrap:anywhere}
.nw{white-space:nowrap}
th{background:#f6f8fa;cursor:pointer;user-select:none;white-space:normal;position:relative;padding-right:1.4em}
th::after{content:"\\2195";position:absolute;right:.4em;color:#aab;font-size:.8em}
th[aria-sort=ascending]::after{content:"\\25B2";color:var(--text)}
th[aria-sort=descending]::after{content:"\\25BC";color:var(--text)}
th:focus{outline:2px solid var(--accent);outline-offset:-2px}
tbody tr:nth-child(even){background:var(--zebra)}
.num{text-align:right}
.cat{display:inline-block;width:.8em;height:.8em;border-radius:2px;margin-right:.45em;vertical-align:-.05em}
figure.chart{margin:1rem 0 2rem}
figure.chart svg{display:block;width:100%;height:auto;max-width:100%;border:1px solid var(--line);border-radius:6px}
figcaption{color:var(--muted);font-size:.9rem;margin-top:.4rem}
footer{color:var(--muted);font-size:.85rem;margin-top:3rem;border-top:1px solid var(--line);padding-top:.8rem}
@media (max-width:640px){body{font-size:15px}main{padding:16px 12px 48px}h1{font-size:1.5rem}h2{font-size:1.25rem}table{font-size:.82rem}}
@page{size:A4 landscape;margin:10mm}
@media print{
html{font-size:12px}
body{font-size:9pt}
main{max-width:none;padding:0}
nav{display:none}
table{font-size:7.5pt}
th,td{padding:3px 5px}
th{padding-right:5px}
th::after{content:none}
.table-wrap{overflow:visible;border:none}
tr,figure.chart{break-inside:avoid}
h2,h3{break-after:avoid}
}
`;

// Click (or Enter on) a header to sort by that column; numbers by data-sort, text alphabetically.
const JS = `
(function(){
  function key(td,num){var v=td.getAttribute('data-sort');if(v===null)v=td.textContent;if(num){var n=parseFloat(v);return isNaN(n)?-Infinity:n;}return String(v).toLowerCase();}
  document.querySelectorAll('table.sortable').forEach(function(t){
    var ths=t.tHead.rows[0].cells;
    Array.prototype.forEach.call(ths,function(th,i){
      function sort(){
        var num=th.getAttribute('data-type')==='num';
        var dir=th.getAttribute('aria-sort')==='ascending'?-1:1;
        Array.prototype.forEach.call(ths,function(h){h.setAttribute('aria-sort','none');});
        th.setAttribute('aria-sort',dir===1?'ascending':'descending');
        var body=t.tBodies[0];var rows=Array.prototype.slice.call(body.rows);
        rows.sort(function(a,b){var x=key(a.cells[i],num),y=key(b.cells[i],num);return x<y?-dir:x>y?dir:0;});
        rows.forEach(function(r){body.appendChild(r);});
      }
      th.addEventListener('click',sort);
      th.addEventListener('keydown',function(e){if(e.key==='Enter'||e.key===' '){e.preventDefault();sort();}});
    });
  });
})();
`;

export function renderHtml(doc: ReportDocument): string {
  chartCounter = 0;
  const nav = doc.blocks
    .filter((b): b is Extract<Block, { kind: 'heading' }> => b.kind === 'heading' && b.level === 2)
    .map((h) => `<a href="#${escHtml(h.id)}">${escHtml(h.text)}</a>`)
    .join('');
  // The headline paragraph gets its own emphasis; everything else renders in order.
  const body = doc.blocks
    .map((b, i) => {
      const prev = doc.blocks[i - 1];
      if (b.kind === 'para' && prev?.kind === 'heading' && prev.id === 'headline') {
        return `<p class="headline" id="headline-text">${inline(b.content)}</p>`;
      }
      if (b.kind === 'list' && prev?.kind === 'heading' && prev.id === 'headline') {
        return `<ol class="findings" id="findings">${b.items.map((i) => `<li>${inline(i)}</li>`).join('')}</ol>`;
      }
      return block(b);
    })
    .join('\n');
  return htmlPage({
    title: doc.title,
    csp: "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'",
    css: CSS,
    body: `<main>
<h1>${escHtml(doc.title)}</h1>
<p class="subtitle">${inline(doc.subtitle)}</p>
<nav aria-label="Sections">${nav}</nav>
${body}
<footer>${inline(doc.subtitle)}</footer>
</main>
<script>${JS}</script>`,
  });
}

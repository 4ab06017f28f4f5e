// How numbers read in the reports (Markdown, HTML, charts, slides): one place so they always agree. Percentages
// and intervals are the vocabulary's (src/vocabulary.ts), which the terminal and the headline use too.
export { fmtCi, fmtPct, fmtPctRange, fmtShare } from '../vocabulary.js';

const NBSP = '\u00a0';
const MINUS = '\u2212';

/** Integer with thousands separators: "43,710". */
export function fmtInt(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '–';
  return Math.round(x).toLocaleString('en-US');
}

export function fmtNum(x: number | undefined, digits = 2): string {
  if (x === undefined || !Number.isFinite(x)) return '–';
  return x.toFixed(digits).replace('-', MINUS);
}

/** US dollars: two decimals from $1 up, three significant digits below ("$0.0680"). */
export function fmtUsd(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '–';
  const neg = x < 0;
  const a = Math.abs(x);
  let body: string;
  if (a >= 1 || a === 0)
    body = a.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  else body = a.toLocaleString('en-US', { minimumSignificantDigits: 3, maximumSignificantDigits: 3 });
  return `${neg ? MINUS : ''}$${body}`;
}

/** A list price as given, with at least two decimals: "$2.50", "$0.59", "$0.075". */
export function fmtPrice(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '–';
  const [int, dec = ''] = String(Math.abs(x)).split('.');
  const body = /e/i.test(int)
    ? Math.abs(x).toFixed(6)
    : `${Number(int).toLocaleString('en-US')}.${dec.padEnd(2, '0')}`;
  return `${x < 0 ? '\u2212' : ''}$${body}`;
}

/** Signed dollars for an extra cost: "+$1.23". */
export function fmtUsdSigned(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '–';
  const s = fmtUsd(x);
  return x > 0 && Number(Math.abs(x).toPrecision(3)) !== 0 ? `+${s}` : s;
}

/** "2025-11-24" from an ISO timestamp (or the input unchanged when it is not one). */
export function fmtDate(iso: string | undefined): string {
  if (!iso) return '–';
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(iso);
  return m ? m[1] : iso;
}

/** A corpus as the reports name it: its name, with its id in brackets unless the name already contains it. */
export function fmtCorpus(name: string | undefined, id: string): string {
  return name && !name.toLowerCase().includes(id.toLowerCase()) ? `${name} (${id})` : name || id;
}

const SYMBOLS: Record<string, string> = { USD: '$', EUR: '€', GBP: '£' };

/** Money in the run's currency: USD as fmtUsd; another currency at the run's rate, with its symbol or code. */
export function fmtMoney(usd: number | undefined, currency?: { code: string; perUsd: number }): string {
  if (!currency || currency.code === 'USD') return fmtUsd(usd);
  if (usd === undefined || !Number.isFinite(usd)) return '–';
  const s = fmtUsd(usd * currency.perUsd);
  const sym = SYMBOLS[currency.code];
  return sym ? s.replace('$', sym) : `${s.replace('$', '')}${NBSP}${currency.code}`;
}

/** Signed money for an extra: "+€1.23". */
export function fmtMoneySigned(usd: number | undefined, currency?: { code: string; perUsd: number }): string {
  if (usd === undefined || !Number.isFinite(usd)) return '–';
  const s = fmtMoney(usd, currency);
  return usd > 0 && Number(Math.abs(usd).toPrecision(3)) !== 0 ? `+${s}` : s;
}

/**
 * Money rounded to three significant digits: the precision its inputs support (list prices have two or three,
 * and token ratios are measured to about 1 %). "$1,260", "$416", "$5.67", "+€1,080".
 */
export function fmtMoneyRounded(
  usd: number | undefined,
  currency?: { code: string; perUsd: number },
  signed = false,
): string {
  if (usd === undefined || !Number.isFinite(usd)) return '–';
  const v = usd * (currency && currency.code !== 'USD' ? currency.perUsd : 1);
  const a = Number(Math.abs(v).toPrecision(3));
  const digits = a >= 100 ? 0 : Math.max(0, 2 - Math.floor(Math.log10(a || 1)));
  const body = a.toLocaleString('en-US', {
    minimumFractionDigits: Math.min(digits, 2),
    maximumFractionDigits: digits,
  });
  const code = currency?.code ?? 'USD';
  const sym = SYMBOLS[code];
  const money = sym ? `${sym}${body}` : `${body}${NBSP}${code}`;
  const sign = v < 0 && a !== 0 ? MINUS : signed && a !== 0 ? '+' : '';
  return `${sign}${money}`;
}

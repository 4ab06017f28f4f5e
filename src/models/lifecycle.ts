// A model's state on a given day, from the dated facts of its lifecycle, so a catalog entry stops being shown as
// current the day its shutdown passes without anyone editing the file. The day is the run's (or the command's,
// `--on`): a test sets it. Dates are compared as strings: "YYYY-MM" sorts before "YYYY-MM-01", so a month-only
// date counts from the first day of that month.
import { isServed } from '../types.js';
import type { ModelInfo, ModelState } from '../types.js';

/** What the catalog says of itself: the day its lifecycle facts were last checked, and where, per provider. */
export interface CatalogMeta {
  asOf?: string;
  /** Per provider id: the pages read for lifecycle facts (a model with no dated fact is current on their word). */
  sources: Record<string, string>;
  /**
   * Providers whose whole list in the price data the catalog accounts for (`models --check`): the price data's
   * provider id, and the models left out on purpose, as id patterns with the reason. Key "*": for every provider.
   */
  tracked?: Record<string, { priceProvider: string; leftOut: { match: string; why: string }[] }>;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The UTC day of a date ("2026-12-06"); a YYYY-MM-DD string is checked and kept. */
export function dayOf(when: Date | string): string {
  if (typeof when === 'string') {
    if (!DAY.test(when) || Number.isNaN(Date.parse(`${when}T00:00:00Z`)))
      throw new Error(`not a YYYY-MM-DD day: ${when}`);
    return when;
  }
  return when.toISOString().slice(0, 10);
}

export { isServed };

/** The state of a model on `when`, with the date it began (or the announced shutdown) and its source. */
export function modelState(m: ModelInfo, when: Date | string, meta?: CatalogMeta): ModelState {
  const day = dayOf(when);
  const { released, deprecated, shutdown, legacy } = m.lifecycle;
  if (shutdown && shutdown.date <= day)
    return { status: 'retired', since: shutdown.date, source: shutdown.source };
  const until = shutdown ? { until: shutdown.date } : {};
  const also = shutdown ? `; shutdown: ${shutdown.source}` : '';
  if (deprecated && deprecated.date <= day)
    return { status: 'deprecated', since: deprecated.date, ...until, source: deprecated.source + also };
  if (legacy)
    return {
      status: 'legacy',
      ...(legacy.date ? { since: legacy.date } : {}),
      ...until,
      source: legacy.source + also,
    };
  const checked = meta?.sources[m.provider];
  const asOf = meta?.asOf ? ` as of ${meta.asOf}` : '';
  return {
    status: 'current',
    ...(released && released.date <= day ? { since: released.date } : {}),
    ...until,
    source:
      (checked
        ? `no deprecation or shutdown known${asOf} (${checked})`
        : `no deprecation or shutdown known to the catalog${asOf}`) + also,
  };
}

/** "retired since 2026-03-09", "deprecated since 2026-11-23, shutdown 2027-01-22", "current (released 2025-08-07)". */
export function stateText(s: Pick<ModelState, 'status' | 'since' | 'until'>): string {
  const until = s.until ? `, shutdown ${s.until}` : '';
  if (s.status === 'current')
    return `current${s.since ? ` (released ${s.since})` : ''}${s.until ? ` (shutdown ${s.until})` : ''}`;
  return `${s.status}${s.since ? ` since ${s.since}` : ''}${until}`;
}

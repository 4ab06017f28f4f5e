// Telling a chart spec a user edited from the one tokentax generated: each generated spec carries a hash of its
// style (everything but the data values), so `tokentax report` keeps an edited charts/<name>.vl.json.
import { createHash } from 'node:crypto';

/** Canonical JSON (sorted keys), so reformatting a spec does not count as an edit. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Hash of everything but the data values and usermeta: what a user restyles. */
function styleHash(spec: Record<string, unknown>): string {
  const { usermeta: _u, data, ...rest } = spec;
  const d =
    data && typeof data === 'object' ? { ...(data as Record<string, unknown>), values: undefined } : data;
  return createHash('sha256')
    .update(canonical({ ...rest, data: d }))
    .digest('hex')
    .slice(0, 16);
}

/** Records the generated style hash, so a later `report` can tell an edited spec from ours. */
export function stamp(spec: Record<string, unknown>): Record<string, unknown> {
  const meta = (spec.usermeta ?? {}) as { tokentax?: Record<string, unknown> };
  return {
    ...spec,
    usermeta: { ...meta, tokentax: { ...(meta.tokentax ?? {}), generated: styleHash(spec) } },
  };
}

export function isEdited(spec: Record<string, unknown>): boolean {
  const gen = (spec.usermeta as { tokentax?: { generated?: string } } | undefined)?.tokentax?.generated;
  return gen === undefined || gen !== styleHash(spec);
}

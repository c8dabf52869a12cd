// Script flags (the `#!lua flags=...` line of EVAL scripts and the flags of
// registered functions) and the shebang parser. No server imports: the
// worker and unit tests load it too.

import { protectTailCalls } from './rewrite.js';

export const F_NO_WRITES = 1;
export const F_ALLOW_OOM = 2;
export const F_ALLOW_STALE = 4;
export const F_NO_CLUSTER = 8;
export const F_ALLOW_CROSS_SLOT = 16;
/** No shebang: Redis's eval compatibility mode. */
export const F_EVAL_COMPAT = 32;

/** Flag names in Redis's order (FUNCTION LIST shows them so). */
export const FLAG_NAMES: [string, number][] = [
  ['no-writes', F_NO_WRITES],
  ['allow-oom', F_ALLOW_OOM],
  ['allow-stale', F_ALLOW_STALE],
  ['no-cluster', F_NO_CLUSTER],
  ['allow-cross-slot-keys', F_ALLOW_CROSS_SLOT],
];

/**
 * Parses a `#!lua flags=...` first line (Redis's evalExtractShebangFlags).
 * Returns the flags and the text to compile (the shebang line blanked, its
 * newline kept so line numbers hold), or the error message.
 */
export function parseShebang(body: string): { flags: number; source: string } | string {
  if (!body.startsWith('#!')) return { flags: F_EVAL_COMPAT, source: protectTailCalls(body) };
  const nl = body.indexOf('\n');
  if (nl < 0) return 'Invalid script shebang';
  const parts = body
    .slice(0, nl)
    .split(/[ \t\r\v\f]+/)
    .filter((p) => p !== '');
  if (parts.length === 0) return 'Invalid engine in script shebang';
  if (parts[0] !== '#!lua') return `Unexpected engine in script shebang: ${parts[0]}`;
  let flags = 0;
  for (let i = 1; i < parts.length; i++) {
    const p = parts[i];
    if (!p.startsWith('flags=')) return `Unknown lua shebang option: ${p}`;
    const list = p.slice(6);
    if (list === '') continue;
    for (const f of list.split(',')) {
      const known = FLAG_NAMES.find(([n]) => n === f);
      if (known === undefined) return `Unexpected flag in script shebang: ${f}`;
      flags |= known[1];
    }
  }
  return { flags, source: protectTailCalls(body.slice(nl)) };
}

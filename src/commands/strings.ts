// String commands (temporary minimal set while the full group is written).
import type { Client } from '../server/client.js';
import type { CommandSpec } from './types.js';
import { WRONGTYPE } from './errors.js';
import { isString, stringOf, toStoredString } from '../data/values.js';

function get(c: Client, argv: string[]): void {
  const v = c.db.lookupRead(argv[1]);
  if (v === undefined) c.w.nil();
  else if (!isString(v)) c.w.error(WRONGTYPE);
  else c.w.bulk(stringOf(v));
}

function set(c: Client, argv: string[]): void {
  c.db.set(argv[1], toStoredString(argv[2]));
  c.server.dirty++;
  c.w.ok();
}

export const commands: CommandSpec[] = [
  { name: 'get', arity: 2, flags: ['readonly', 'fast'], group: 'string', since: '1.0.0', summary: 'Returns the string value of a key.', acl: ['string'], keys: { first: 1, last: 1, step: 1 }, run: get },
  { name: 'set', arity: -3, flags: ['write', 'denyoom'], group: 'string', since: '1.0.0', summary: 'Sets the string value of a key.', acl: ['string'], keys: { first: 1, last: 1, step: 1 }, run: set },
];

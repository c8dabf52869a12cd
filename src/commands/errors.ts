// Redis's exact error texts, shared by every command group. Clients match on
// these strings, so they are spelled once here.

export const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
export const SYNTAX = 'ERR syntax error';
export const NOT_INTEGER = 'ERR value is not an integer or out of range';
export const NOT_FLOAT = 'ERR value is not a valid float';
export const OVERFLOW = 'ERR increment or decrement would overflow';
export const NO_SUCH_KEY = 'ERR no such key';
export const DB_OUT_OF_RANGE = 'ERR DB index is out of range';
export const NOT_POSITIVE = 'ERR value is out of range, must be positive';

export function invalidExpire(cmd: string): string {
  return `ERR invalid expire time in '${cmd}' command`;
}

export function wrongArity(fullName: string): string {
  return `ERR wrong number of arguments for '${fullName}' command`;
}

export function unknownSubcommand(sub: string, parent: string): string {
  return `ERR unknown subcommand '${sub.slice(0, 128)}'. Try ${parent.toUpperCase()} HELP.`;
}

/** Redis's text for an unknown command: the name and up to ~128 bytes of arguments. */
export function unknownCommand(argv: string[]): string {
  let args = '';
  for (let i = 1; i < argv.length && args.length < 128; i++) {
    args += `'${argv[i].slice(0, 128 - args.length)}' `;
  }
  return `ERR unknown command '${argv[0].slice(0, 128)}', with args beginning with: ${args}`;
}

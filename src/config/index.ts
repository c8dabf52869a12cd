/** Public surface of the config folder. */
export { Config, ConfigError, ConfigFileError, parseCommandLine, REDIS_COMPAT_VERSION } from './config.js';
export type {
  CommandLine,
  ConfigListener,
  OutputBufferLimit,
  OutputBufferLimits,
  ReplicaOf,
  SavePoint,
  SetOptions,
} from './config.js';
export { DIRECTIVES, PETREL_DEFAULT_BIND, lookupDirective, allDirectiveNames } from './directives.js';
export type { Directive, DirectiveType } from './directives.js';
export * from './parse.js';

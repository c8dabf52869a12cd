#!/usr/bin/env node
// `petrel-server [config-file] [--directive value ...]`, like redis-server.
import { main } from '../dist/cli.js';

main(process.argv.slice(2));

#!/usr/bin/env node
// `petrel-check-aof [--fix] <file>`: checks an AOF (like redis-check-aof).
import { main } from '../dist/tools/check-aof.js';

main(process.argv.slice(2));

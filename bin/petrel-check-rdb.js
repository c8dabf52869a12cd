#!/usr/bin/env node
// `petrel-check-rdb <file>`: checks an RDB file (like redis-check-rdb).
import { main } from '../dist/tools/check-rdb.js';

main(process.argv.slice(2));

// Runs petrel-server from the TypeScript sources (npm run dev); bin/petrel-server.js runs the build.
import { main } from './cli.js';

void main(process.argv.slice(2));

// Starts an in-process Petrel for a test file.

import { createServer, type PetrelServer, type ServerOptions } from '../../src/index.js';

export async function startPetrel(options: ServerOptions = {}): Promise<PetrelServer> {
  return createServer({ port: 0, ...options });
}

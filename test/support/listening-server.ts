// The reference server as the Node tests reach it: built from options, listening on an ephemeral loopback port,
// with dicomweb-client pointed at its DICOMweb root, and one close for the app, its store and the test's folder.
import { rm } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { buildApp, type BuildAppOptions } from '../../src/server/app.js';
import { createDicomwebClient, type DicomwebClient } from './dicomweb-client.js';

export interface ListeningServer {
  app: FastifyInstance;
  /** The DICOMweb root, http://127.0.0.1:PORT/dicom-web. */
  root: string;
  client: DicomwebClient;
  /** Closes the app, then the store it serves, then removes `dir`; safe after a failed start. */
  close(): Promise<void>;
}

export interface ListeningServerExtras {
  /** The test's temporary folder, removed on close. */
  dir?: string;
  /** Adds to the built app before it listens (routes that throw what a test needs). */
  extend?: (app: FastifyInstance) => void | Promise<void>;
}

/** Starts the app on 127.0.0.1, port 0. */
export async function startListeningServer(options: BuildAppOptions, extras: ListeningServerExtras = {}): Promise<ListeningServer> {
  const app = await buildApp(options);
  await extras.extend?.(app);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const root = `${address}/dicom-web`;
  return {
    app,
    root,
    client: createDicomwebClient(root),
    close: async () => {
      await app.close();
      await options.store?.close();
      if (extras.dir) await rm(extras.dir, { recursive: true, force: true });
    },
  };
}

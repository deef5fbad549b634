// How the app answers the errors routes throw (src/server/http-error.ts): the status, its reason phrase, and the
// reason in the body and in a Warning header; over real HTTP, with throwing routes added before the app listens.
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { forbidden, unauthorized } from '../../src/server/http-error.js';
import { openFileStore } from '../../src/server/store/store.js';
import { startListeningServer, type ListeningServer } from '../support/listening-server.js';

let server: ListeningServer;
let origin: string;

before(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-error-responses-test-'));
  server = await startListeningServer(
    { store: await openFileStore(join(dir, 'store')) },
    {
      dir,
      extend: (app) => {
        app.get('/test/unauthorized', () => {
          throw unauthorized('a bearer token is needed');
        });
        app.get('/test/forbidden', () => {
          throw forbidden('this token may only read');
        });
      },
    },
  );
  origin = new URL(server.root).origin;
});

after(() => server?.close());

describe('error responses', () => {
  for (const [path, statusCode, error, message] of [
    ['/test/unauthorized', 401, 'Unauthorized', 'a bearer token is needed'],
    ['/test/forbidden', 403, 'Forbidden', 'this token may only read'],
  ] as const) {
    test(`${statusCode}: the reason phrase, and the reason in the body and the Warning header`, async () => {
      const response = await fetch(`${origin}${path}`);
      assert.equal(response.status, statusCode);
      assert.deepEqual(await response.json(), { statusCode, error, message });
      assert.match(response.headers.get('warning') ?? '', new RegExp(`^299 .*: ${message}$`));
    });
  }
});

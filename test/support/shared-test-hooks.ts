// A web-test-runner plugin that gives every browser test file the shared root hooks (reportable-failures.ts): it
// prepends their import to each test file as served, on the file's first line so that line numbers stay the same.
// A file that forgets to import a helper still gets them; one that imports them too gets them once (one module).

export const sharedTestHooks = '/test/support/reportable-failures.ts';

interface ServedFile {
  path: string;
  body: unknown;
}

export function sharedTestHooksPlugin() {
  return {
    name: 'dicom-lightbox-shared-test-hooks',
    transform(context: ServedFile) {
      if (!/\.test\.ts$/.test(context.path) || typeof context.body !== 'string') return undefined;
      return { body: `import '${sharedTestHooks}'; ${context.body}` };
    },
  };
}

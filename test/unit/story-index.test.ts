// Issue 18, item 7: Storybook lists every story a stories file exports (each theme and language included), as its
// own indexer reads the file; a story it cannot see is one nobody looks at.
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadCsf } from 'storybook/internal/csf-tools';

const storiesDir = join(import.meta.dirname, '../../stories');

for (const file of (await readdir(storiesDir)).filter((name) => name.endsWith('.stories.ts'))) {
  test(`${file}: Storybook indexes every story it exports, the light, dark and German ones included`, async () => {
    const path = join(storiesDir, file);
    const indexed = loadCsf(await readFile(path, 'utf8'), { fileName: path, makeTitle: (title) => title ?? file }).parse();
    const names = Object.keys(indexed._stories);
    const exported = Object.keys(await import(path)).filter((name) => name !== 'default');
    assert.ok(['LightTheme', 'DarkTheme', 'German'].every((name) => exported.includes(name)), 'the file exports the themed stories');
    assert.deepEqual(names.sort(), exported.sort());
  });
}

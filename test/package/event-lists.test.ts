// Every event an element fires is declared in the three places a host reads it from: the element's @event tags
// (custom-elements.json, docs and IDEs), the typed event maps (src/element-types.ts: JSX, Vue, standalone typings) and
// the React wrappers' props (src/react.ts). Read from the sources, so a new event class that one list misses fails here.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

function sourceFiles(directory: string): string[] {
  return readdirSync(join(root, directory), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1));
}

/** Every public `dicom-*` event the library constructs (typed event classes and plain Events; not the internal ones). */
function firedEvents(): string[] {
  const names = new Set<string>();
  for (const file of sourceFiles('src').filter((path) => !path.startsWith('src/server/'))) {
    for (const match of read(file).matchAll(/(?:super|new (?:Custom)?Event)\(\s*'(dicom-[a-z-]+)'([^)]*)\)/g)) {
      // An event class made `composed: false` on purpose is internal to a container's parts (src/events says so).
      if (/^\s*,\s*\{[^}]*composed:\s*false/.test(match[2]!)) continue;
      names.add(match[1]!);
    }
  }
  return [...names].sort();
}

/** Event names per element class body, from its `@event {Type} name` tags. */
function declaredByTags(): Set<string> {
  const names = new Set<string>();
  for (const file of sourceFiles('src/components').filter((path) => path.endsWith('.component.ts'))) {
    for (const match of read(file).matchAll(/@event \{[^}]+\} (dicom-[a-z-]+)/g)) names.add(match[1]!);
  }
  return names;
}

describe('event lists', () => {
  const fired = firedEvents();

  it('finds the events the library fires', () => {
    assert.ok(fired.includes('dicom-error') && fired.includes('dicom-image-rendered'), fired.join(', '));
  });

  it('declares every fired event in an element\'s @event tags', () => {
    const tags = declaredByTags();
    assert.deepEqual(fired.filter((name) => !tags.has(name)), []);
  });

  it('types every fired event in an element event map', () => {
    const maps = read('src/element-types.ts');
    assert.deepEqual(fired.filter((name) => !maps.includes(`'${name}':`)), []);
  });

  it('gives every fired event a React prop', () => {
    const wrappers = read('src/react.ts');
    assert.deepEqual(fired.filter((name) => !wrappers.includes(`: '${name}'`)), []);
  });
});

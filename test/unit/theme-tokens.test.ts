// Issue 18, item 5 (themes): every custom property the elements' styles read or declare is listed where an
// integrator looks for it: the page-wide `--dicom-color-*` tokens and `--dicom-font` in README's token table, and
// each element's own `--dicom-<element>-*` properties in the custom-elements manifest (from its class comment's
// `@cssproperty`), which Storybook's docs pages and the React wrappers' docs read.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(import.meta.dirname, '../..');
const components = join(root, 'src/components');

/** The code of one element's folder (its component, styles and parts), comments left out: what runs, not what is said. */
function sourcesOf(folder: string): string {
  return readdirSync(join(components, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => readFileSync(join(components, folder, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, ''))
    .join('\n');
}

const elementFolders = ['viewport', 'viewer', 'toolbar', 'study-list', 'series-browser', 'measurements'];
const allSources = readdirSync(components).map(sourcesOf).join('\n');

/** The custom properties named in `text` that start with `prefix`, sorted, once each. */
function propertiesIn(text: string, prefix: string): string[] {
  return [...new Set([...text.matchAll(new RegExp(`${prefix}[a-z0-9-]*[a-z0-9]`, 'g'))].map((match) => match[0]))].sort();
}

test("README's token table lists every page-wide token an element reads", () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const tokens = [...propertiesIn(allSources, '--dicom-color-'), ...propertiesIn(allSources, '--dicom-font')];
  assert.ok(tokens.length >= 10, `found the tokens (${tokens.join(', ')})`);
  assert.deepEqual(tokens.filter((token) => !readme.includes(`\`${token}\``)), [], 'tokens README does not list');
});

test("the manifest lists each element's own custom properties, every one its styles read or set", () => {
  const manifest = JSON.parse(readFileSync(join(root, 'custom-elements.json'), 'utf8')) as {
    modules: Array<{ declarations?: Array<{ tagName?: string; cssProperties?: Array<{ name: string }> }> }>;
  };
  const documented = new Map(
    manifest.modules.flatMap((module) => module.declarations ?? []).flatMap((declaration) => (declaration.tagName ? [[declaration.tagName, (declaration.cssProperties ?? []).map(({ name }) => name)] as const] : [])),
  );
  for (const folder of elementFolders) {
    const tag = `dicom-${folder}`;
    const used = propertiesIn(sourcesOf(folder), `--${tag}-`);
    assert.ok(used.length > 0, `${tag} has custom properties of its own`);
    assert.deepEqual(used.filter((name) => !documented.get(tag)?.includes(name)), [], `${tag}: custom properties the manifest does not list`);
  }
});

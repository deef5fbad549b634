// The project's Node floor against what its locked dependencies declare: every package whose `engines.node` leaves out
// the floor must be one README's "Node version" table names and explains, so a new one cannot slip in unnoticed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import semver from 'semver';

const root = new URL('../../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};
const readme = readFileSync(new URL('README.md', root), 'utf8');

/** `name@version` of each locked package whose declared Node range excludes the project's lowest Node. */
function packagesAboveFloor(floor: string): string[] {
  const found = new Set<string>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    const declared = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
    if (!path || !declared || !entry.version) continue;
    if (semver.satisfies(floor, declared)) continue;
    found.add(`${path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)}@${entry.version}`);
  }
  return [...found].sort();
}

describe('Node version', () => {
  const floor = semver.minVersion(manifest.engines.node)!.version;

  it('says the same floor for the library and the server package', () => {
    const server = JSON.parse(readFileSync(new URL('packages/server/package.json', root), 'utf8'));
    assert.equal(server.engines.node, manifest.engines.node);
  });

  it('names in README every dependency that declares a newer Node than the floor', () => {
    const table = readme.slice(readme.indexOf('### Node version'));
    assert.notEqual(readme.indexOf('### Node version'), -1, 'README has a "Node version" section');
    const unexplained = packagesAboveFloor(floor).filter((nameAtVersion) => {
      const at = nameAtVersion.lastIndexOf('@');
      return !table.includes(`\`${nameAtVersion.slice(0, at)}\` ${nameAtVersion.slice(at + 1)}`);
    });
    assert.deepEqual(unexplained, [], `declare a Node above ${floor} and are not in README's table`);
  });
});

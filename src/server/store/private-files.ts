// The store holds protected health information: the folders it creates are the owner's alone (0700) and its files
// readable by the owner only (0600), whatever the process's umask (which can only narrow a mode given at creation,
// so modes are set explicitly after it). Folders that existed before are left as they are: `--data` may name one
// the operator chose.
import { chmod, mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

export const privateDirectoryMode = 0o700;
export const privateFileMode = 0o600;

/** Creates `directory` and any missing parents, each the owner's alone. */
export async function makePrivateDirectory(directory: string): Promise<void> {
  let current = resolve(directory);
  const first = await mkdir(current, { recursive: true, mode: privateDirectoryMode });
  if (first === undefined) return;
  for (;;) {
    await chmod(current, privateDirectoryMode);
    if (current === resolve(first) || dirname(current) === current) return;
    current = dirname(current);
  }
}

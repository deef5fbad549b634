// The store holds protected health information: the folders it creates are the owner's alone (0700) and its files
// readable by the owner only (0600), whatever the process's umask (which can only narrow a mode given at creation,
// so modes are set explicitly after it). Parents that existed before are left as they are: `--data` may name a folder
// inside one the operator chose. A data folder that exists already (made by hand, by an older version, or restored
// from a backup) is tightened to the same modes at startup, or refused when it is not this user's.
import { chmod, lstat, mkdir, readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

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

/** What a data folder that is someone else's throws: naming the path, its owner and what to do. */
export class ForeignOwnerError extends Error {
  constructor(readonly path: string, readonly owner: number, readonly user: number) {
    super(
      `${path} belongs to user ${owner}, not to user ${user} who runs this server: the store holds patient data, so it ` +
        `serves only folders of its own user. Give the folder to that user (chown -R ${user} ${path}) or choose another --data`,
    );
    this.name = 'ForeignOwnerError';
  }
}

/**
 * For a data folder that already exists: refuses it (ForeignOwnerError) when it or anything in it belongs to another
 * user, else narrows every folder in it to 0700 and every file to 0600. Symbolic links are neither followed nor
 * changed (chmod would change their target). Answers how many modes were narrowed; nothing when `root` is missing.
 */
export async function tightenPrivateTree(root: string): Promise<number> {
  const uid = process.getuid?.();
  // No user ids (Windows): nothing to check or narrow.
  if (uid === undefined) return 0;
  const user = uid;
  const top = resolve(root);
  let tightened = 0;
  async function visit(path: string): Promise<void> {
    let status;
    try {
      status = await lstat(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    if (status.isSymbolicLink()) return;
    if (status.uid !== user) throw new ForeignOwnerError(path, status.uid, user);
    const wanted = status.isDirectory() ? privateDirectoryMode : privateFileMode;
    // Narrowed only: a folder or file the owner cannot use is not widened here.
    if ((status.mode & 0o077) !== 0) {
      await chmod(path, (status.mode & 0o777) & wanted);
      tightened += 1;
    }
    if (status.isDirectory()) {
      const names = await readdir(path);
      for (let at = 0; at < names.length; at += 64) await Promise.all(names.slice(at, at + 64).map((name) => visit(join(path, name))));
    }
  }
  await visit(top);
  return tightened;
}

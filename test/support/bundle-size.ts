// What a page downloads from the standalone bundle: a chunk and everything it imports statically, gzipped.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const staticImport = /(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["'](\.\/[^"']+\.js)["']/g;
const dynamicImport = /\bimport\(\s*["'](\.\/[^"']+\.js)["']\s*\)/g;

export interface ChunkClosure {
  files: string[];
  gzippedBytes: number;
  /** Chunks this closure loads later, on demand. */
  dynamicImports: string[];
}

/** The files a `<script type="module" src=entry>` fetches before any of its code runs. */
export function staticClosure(folder: string, entry: string): ChunkClosure {
  const files: string[] = [];
  const dynamic = new Set<string>();
  const visit = (file: string) => {
    if (files.includes(file)) return;
    files.push(file);
    const code = readFileSync(join(folder, file), 'utf8');
    for (const [, imported] of code.matchAll(staticImport)) visit(imported!.slice(2));
    for (const [, imported] of code.matchAll(dynamicImport)) dynamic.add(imported!.slice(2));
  };
  visit(entry);
  return { files, gzippedBytes: gzippedSize(folder, files), dynamicImports: [...dynamic].filter((file) => !files.includes(file)) };
}

/** The gzipped size of files, each compressed alone as a server would send it. */
export function gzippedSize(folder: string, files: readonly string[]): number {
  return files.reduce((sum, file) => sum + gzipSync(readFileSync(join(folder, file)), { level: 9 }).length, 0);
}

export const kilobytes = (bytes: number) => Math.round(bytes / 1024);

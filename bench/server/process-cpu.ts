// CPU time a server has spent, read from Linux's /proc for a process and all its descendants (a primary and its
// workers): on a shared machine, wall-clock rates swing with everyone else's load, CPU spent per request much less.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';

/** Clock ticks a second, the unit of utime and stime in /proc/<pid>/stat. */
const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

async function ownTicks(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces and parentheses: fields are counted after its closing one.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
  return Number(fields[11]) + Number(fields[12]);
}

async function childrenOf(pid: number): Promise<number[]> {
  const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  return text.trim().split(/\s+/).filter(Boolean).map(Number);
}

/** Seconds of CPU the process `pid` and its living descendants have used (user and system). */
export async function cpuSecondsOfTree(pid: number): Promise<number> {
  let ticks = 0;
  const pending = [pid];
  while (pending.length > 0) {
    const next = pending.pop()!;
    try {
      ticks += await ownTicks(next);
      pending.push(...(await childrenOf(next)));
    } catch {
      // Gone between the listing and the read: its time is lost with it.
    }
  }
  return ticks / ticksPerSecond;
}

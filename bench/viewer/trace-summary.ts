// `npx tsx bench/viewer/trace-summary.ts <dir>/ours.json` summarizes a trace written by `BENCH_TRACE=<dir>` (run.ts):
// the page's requests in order up to the first frame requests, and the main thread's time in each phase (connection →
// first image → whole series → end of scroll) by what it was spent on, with the CPU profile's busiest functions.
// Figures that survive a loaded machine better than wall-clock time: main-thread CPU, request order, counts.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { PageResult } from './page-measure.js';

export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time: what the task cost, whatever else the machine ran meanwhile. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { url?: string; requestId?: string; frame?: string } };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const [tracePath, functionCount, window] = process.argv.slice(2);
if (!tracePath) throw new Error('usage: trace-summary.ts <trace.json> [functions to list] [from,to: ms from connection]');
const topFunctions = Number(functionCount ?? 20);
const trace = JSON.parse(readFileSync(tracePath, 'utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
const events = Array.isArray(trace) ? trace : trace.traceEvents;
const result = JSON.parse(readFileSync(tracePath.replace(/\.json$/, '.result.json'), 'utf8')) as PageResult;

// The page's main thread: the renderer main thread with the most top-level tasks.
const mainThreads = events.filter((event) => event.ph === 'M' && event.name === 'thread_name' && event.args?.name === 'CrRendererMain');
const taskCount = (pid: number, tid: number) => events.filter((event) => event.pid === pid && event.tid === tid && event.name === 'RunTask').length;
const main = mainThreads.map(({ pid, tid }) => ({ pid, tid, tasks: taskCount(pid, tid) })).sort((a, b) => b.tasks - a.tasks)[0];
if (!main) throw new Error('no renderer main thread in the trace');
const onMain = events.filter((event) => event.pid === main.pid && event.tid === main.tid && event.ph === 'X' && event.dur !== undefined);

// performance.now() 0 is the navigation start.
const navigation = events.find((event) => event.name === 'navigationStart' && event.pid === main.pid);
if (!navigation) throw new Error('no navigationStart in the trace');
const at = (ms: number) => navigation.ts + ms * 1000;
const phases = [
  { name: 'navigation → connection', from: navigation.ts, to: at(result.start) },
  { name: 'connection → first image', from: at(result.start), to: at(result.firstImage) },
  { name: 'first image → whole series', from: at(result.firstImage), to: at(result.seriesLoaded) },
  { name: 'whole series → end of scroll', from: at(result.seriesLoaded), to: at(result.seriesLoaded + 1) + result.scrollMs * 1000 },
];
if (window) {
  const [from, to] = window.split(',').map(Number);
  phases.push({ name: `${from} → ${to} ms from connection`, from: at(result.start + from!), to: at(result.start + to!) });
}
const ms = (us: number) => (us / 1000).toFixed(1);

console.log(`${basename(tracePath)}: first image ${(result.firstImage - result.start).toFixed(0)} ms after connection, whole series ${(result.seriesLoaded - result.start).toFixed(0)} ms, scroll ${((result.scrolledFrames * 1000) / result.scrollMs).toFixed(1)} frames/s`);

// Requests, in the order the page sent them, until a few frame requests have gone out.
const sends = events.filter((event) => event.name === 'ResourceSendRequest' && event.args?.data?.url).sort((a, b) => a.ts - b.ts);
const finishes = new Map(events.filter((event) => event.name === 'ResourceFinish').map((event) => [event.args?.data?.requestId, event.ts]));
console.log('\nrequests (ms from connection: sent → finished)');
let frames = 0;
for (const send of sends) {
  const url = new URL(send.args!.data!.url!);
  const path = url.pathname.replace(/\/studies\/[^/]+\/series\/[^/]+/, '/studies/…/series/…').replace(/\/instances\/[^/]+/, '/instances/…');
  const finished = finishes.get(send.args!.data!.requestId);
  const time = (ts: number) => ((ts - at(result.start)) / 1000).toFixed(0).padStart(6);
  console.log(`${time(send.ts)} → ${finished ? time(finished) : '     ?'}  ${path}`);
  if (path.includes('/frames/') && ++frames >= 8) break;
}

// Self time of each trace event name on the main thread, in a phase (nested complete events).
function selfTimes(from: number, to: number): Map<string, number> {
  const inside = onMain.filter((event) => event.ts < to && event.ts + event.dur! > from).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const totals = new Map<string, number>();
  const stack: Array<{ event: TraceEvent; children: number }> = [];
  // CPU time (thread duration) in proportion to the part of the event inside the phase.
  const clip = (event: TraceEvent) => (Math.max(0, Math.min(event.ts + event.dur!, to) - Math.max(event.ts, from)) * (event.tdur ?? event.dur!)) / Math.max(1, event.dur!);
  const close = (until: number) => {
    while (stack.length && stack[stack.length - 1]!.event.ts + stack[stack.length - 1]!.event.dur! <= until) {
      const { event, children } = stack.pop()!;
      totals.set(event.name, (totals.get(event.name) ?? 0) + Math.max(0, clip(event) - children));
      if (stack.length) stack[stack.length - 1]!.children += clip(event);
    }
  };
  for (const event of inside) {
    close(event.ts);
    stack.push({ event, children: 0 });
  }
  close(Infinity);
  return totals;
}

const nodesById = new Map<number, ProfileNode>();
let profile: CpuProfile | undefined;
try {
  profile = JSON.parse(readFileSync(tracePath.replace(/\.json$/, '.cpuprofile'), 'utf8')) as CpuProfile;
  for (const node of profile.nodes) nodesById.set(node.id, node);
} catch {
  // no profile beside the trace
}

/** CPU profile self time by function (and by script) in a phase. */
function profileSelfTimes(from: number, to: number): { byFunction: Map<string, number>; byScript: Map<string, number> } {
  const byFunction = new Map<string, number>();
  const byScript = new Map<string, number>();
  if (!profile) return { byFunction, byScript };
  let time = profile.startTime;
  profile.samples.forEach((id, index) => {
    const delta = profile!.timeDeltas[index] ?? 0;
    time += delta;
    if (time < from || time > to) return;
    const { functionName, url, lineNumber, columnNumber } = nodesById.get(id)!.callFrame;
    const script = url ? basename(new URL(url).pathname) : '(native)';
    const name = `${functionName || '(anonymous)'} ${script}:${lineNumber + 1}:${columnNumber + 1}`;
    const next = profile!.timeDeltas[index + 1] ?? delta;
    byFunction.set(name, (byFunction.get(name) ?? 0) + next);
    byScript.set(script, (byScript.get(script) ?? 0) + next);
  });
  return { byFunction, byScript };
}

const top = (totals: Map<string, number>, count: number) => [...totals].sort((a, b) => b[1] - a[1]).slice(0, count);
for (const { name, from, to } of phases) {
  const tasks = onMain.filter((event) => event.name === 'RunTask' && event.ts < to && event.ts + event.dur! > from);
  const busy = tasks.reduce((sum, event) => sum + Math.min(event.ts + event.dur!, to) - Math.max(event.ts, from), 0);
  // CPU time of the tasks wholly inside the phase, and of those straddling it in proportion.
  const cpu = tasks.reduce((sum, event) => sum + ((event.tdur ?? event.dur!) * (Math.min(event.ts + event.dur!, to) - Math.max(event.ts, from))) / Math.max(1, event.dur!), 0);
  console.log(`\n${name}: ${ms(to - from)} ms, main thread busy ${ms(busy)} ms (CPU ${ms(cpu)} ms) in ${tasks.length} tasks`);
  console.log('  by trace event (self CPU): ' + top(selfTimes(from, to), 10).map(([event, us]) => `${event} ${ms(us)}`).join(', '));
  const { byFunction, byScript } = profileSelfTimes(from, to);
  if (byScript.size === 0) continue;
  console.log('  by script (profile self): ' + top(byScript, 8).map(([script, us]) => `${script} ${ms(us)}`).join(', '));
  for (const [fn, us] of top(byFunction, topFunctions)) console.log(`    ${ms(us).padStart(7)}  ${fn}`);
}

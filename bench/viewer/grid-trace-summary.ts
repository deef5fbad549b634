// `npx tsx bench/viewer/grid-trace-summary.ts <dir>/grid-ours.json [<dir>/grid-bare.json …]` summarizes traces written
// by `BENCH_GRID_TRACE=<dir>` (grid-bench.ts): in a phase of the page (open: start → all four first images; scroll:
// the synced scroll), the CPU time of every thread of every process (renderer main thread, compositor, raster
// threads, the GPU process's SwiftShader threads, the browser's), per scroll step, and the main thread's and the
// GPU main thread's busiest trace events. CPU is thread time of top-level trace events, so what else the machine ran
// meanwhile does not count.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { GridPageResult } from './grid-measure.js';
import type { TraceEvent } from './trace-summary.js';


interface Phase {
  name: string;
  from: number;
  to: number;
  steps: number;
}

const ms = (us: number) => (us / 1000).toFixed(1);

function summarize(tracePath: string): void {
  const trace = JSON.parse(readFileSync(tracePath, 'utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const result = JSON.parse(readFileSync(tracePath.replace(/\.json$/, '.result.json'), 'utf8')) as GridPageResult;
  const processNames = new Map<number, string>();
  const threadNames = new Map<string, string>();
  for (const event of events) {
    if (event.ph !== 'M') continue;
    if (event.name === 'process_name') processNames.set(event.pid, event.args?.name ?? '?');
    if (event.name === 'thread_name') threadNames.set(`${event.pid}:${event.tid}`, event.args?.name ?? '?');
  }
  // The page's main thread: the renderer main thread with the most tasks; performance.now() 0 is its navigation start.
  const mains = [...threadNames].filter(([, name]) => name === 'CrRendererMain').map(([key]) => key);
  const taskCount = (key: string) => events.filter((event) => `${event.pid}:${event.tid}` === key && event.name === 'RunTask').length;
  const main = mains.sort((a, b) => taskCount(b) - taskCount(a))[0];
  if (!main) throw new Error('no renderer main thread in the trace');
  const mainPid = Number(main.split(':')[0]);
  const navigation = events.find((event) => event.name === 'navigationStart' && event.pid === mainPid);
  if (!navigation) throw new Error('no navigationStart in the trace');
  const at = (time: number) => navigation.ts + time * 1000;
  // The scroll's bounds are the page's user timing marks (grid-measure.ts).
  const mark = (name: string) => events.find((event) => event.name === name && event.pid === mainPid)?.ts;
  const scrollFrom = mark('grid-scroll-start') ?? at(result.seriesLoaded);
  const scrollTo = mark('grid-scroll-end') ?? scrollFrom + result.scrollMs * 1000;
  const phases: Phase[] = [
    { name: 'open (start → all four first images)', from: at(result.start), to: at(result.allFirstImages), steps: 1 },
    { name: 'synced scroll', from: scrollFrom, to: scrollTo, steps: Math.max(1, result.drivenFrames) },
  ];
  const complete = events.filter((event) => event.ph === 'X' && event.dur !== undefined);
  const byThread = new Map<string, TraceEvent[]>();
  for (const event of complete) {
    const key = `${event.pid}:${event.tid}`;
    let list = byThread.get(key);
    if (!list) byThread.set(key, (list = []));
    list.push(event);
  }
  for (const list of byThread.values()) list.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);

  console.log(`\n${basename(tracePath)}: open ${(result.allFirstImages - result.start).toFixed(0)} ms; scroll ${result.drivenFrames} steps in ${result.scrollMs.toFixed(0)} ms; renders ${result.renders.join(', ')}; browser CPU open ${result.openCpuMs.toFixed(0)} ms, scroll ${result.scrollCpuMs.toFixed(0)} ms`);
  for (const phase of phases) {
    const clip = (event: TraceEvent) => {
      const inside = Math.max(0, Math.min(event.ts + event.dur!, phase.to) - Math.max(event.ts, phase.from));
      return (inside * (event.tdur ?? event.dur!)) / Math.max(1, event.dur!);
    };
    const rows: Array<{ thread: string; cpu: number; top: Map<string, number> }> = [];
    for (const [key, list] of byThread) {
      // Top-level events only (an event inside the previous top-level one is part of it), and each name's self time.
      let cpu = 0;
      let end = -Infinity;
      const self = new Map<string, number>();
      const stack: Array<{ event: TraceEvent; children: number }> = [];
      const close = (until: number) => {
        while (stack.length && stack[stack.length - 1]!.event.ts + stack[stack.length - 1]!.event.dur! <= until) {
          const { event, children } = stack.pop()!;
          self.set(event.name, (self.get(event.name) ?? 0) + Math.max(0, clip(event) - children));
          if (stack.length) stack[stack.length - 1]!.children += clip(event);
        }
      };
      for (const event of list) {
        if (event.ts >= phase.to || event.ts + event.dur! <= phase.from) continue;
        close(event.ts);
        stack.push({ event, children: 0 });
        if (event.ts >= end) {
          cpu += clip(event);
          end = event.ts + event.dur!;
        }
      }
      close(Infinity);
      if (cpu > 0) rows.push({ thread: `${processNames.get(Number(key.split(':')[0])) ?? '?'} / ${threadNames.get(key) ?? key}`, cpu, top: self });
    }
    rows.sort((a, b) => b.cpu - a.cpu);
    const total = rows.reduce((sum, row) => sum + row.cpu, 0);
    console.log(`  ${phase.name}: ${ms(phase.to - phase.from)} ms wall, traced CPU ${ms(total)} ms${phase.steps > 1 ? `, ${ms(total / phase.steps)} ms a step` : ''}`);
    for (const row of rows.slice(0, 12)) {
      const top = [...row.top].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([name, us]) => `${name} ${ms(us / phase.steps)}`).join(', ');
      console.log(`    ${ms(row.cpu / phase.steps).padStart(8)}  ${row.thread}: ${top}`);
    }
    // How often the main thread laid out, painted and committed, a step.
    const counts = new Map<string, number>();
    for (const event of byThread.get(main) ?? []) {
      if (event.ts < phase.from || event.ts >= phase.to) continue;
      if (['Layout', 'UpdateLayoutTree', 'Paint', 'PrePaint', 'Layerize', 'Commit', 'HitTest', 'ParseAuthorStyleSheet', 'FunctionCall', 'FireAnimationFrame'].includes(event.name)) counts.set(event.name, (counts.get(event.name) ?? 0) + 1);
    }
    console.log(`    main thread per step: ${[...counts].map(([name, count]) => `${name} ${(count / phase.steps).toFixed(2)}`).join(', ')}`);
  }
}

const paths = process.argv.slice(2);
if (paths.length === 0) throw new Error('usage: grid-trace-summary.ts <trace.json> [<trace.json> …]');
for (const path of paths) summarize(path);

// Reads the memory benchmark's heap snapshots (BENCH_HEAP_SNAPSHOTS=<dir> npm run bench:viewer) and names what grew
// and what holds it, as DevTools' Memory panel would, but from the command line:
//   npx tsx bench/viewer/heap-retainers.ts <first.heapsnapshot> <last.heapsnapshot> [--cut <edge name>]… [name…]
// prints the constructors whose count grew most between the two, then for each name prefix given (default: detached
// viewport elements and canvases) the shortest strong retainer path from the GC roots to a few of its instances in the
// last snapshot; with --cut, how much only edges of that name keep alive (what removing them would free).
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] }; node_count: number };
  nodes: number[];
  edges: number[];
  strings: string[];
}

interface Graph {
  count: number;
  name: (node: number) => string;
  type: (node: number) => string;
  id: (node: number) => number;
  selfSize: (node: number) => number;
  detached: (node: number) => boolean;
  /** Outgoing edges as [edge type, edge name, target node]. */
  edgesOf: (node: number) => Array<[string, string, number]>;
}

function load(file: string): Graph {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const { node_fields: nodeFields, node_types: nodeTypes, edge_fields: edgeFields, edge_types: edgeTypes } = raw.snapshot.meta;
  const nodeWidth = nodeFields.length;
  const edgeWidth = edgeFields.length;
  const field = (name: string) => nodeFields.indexOf(name);
  const [typeAt, nameAt, idAt, sizeAt, edgeCountAt, detachedAt] = ['type', 'name', 'id', 'self_size', 'edge_count', 'detachedness'].map(field) as number[];
  const [edgeTypeAt, edgeNameAt, edgeToAt] = ['type', 'name_or_index', 'to_node'].map((name) => edgeFields.indexOf(name)) as number[];
  const count = raw.nodes.length / nodeWidth;
  const firstEdge = new Uint32Array(count + 1);
  for (let node = 0; node < count; node += 1) firstEdge[node + 1] = firstEdge[node]! + raw.nodes[node * nodeWidth + edgeCountAt!]!;
  const value = (node: number, at: number) => raw.nodes[node * nodeWidth + at]!;
  return {
    count,
    name: (node) => raw.strings[value(node, nameAt!)]!,
    type: (node) => nodeTypes[0][value(node, typeAt!)]!,
    id: (node) => value(node, idAt!),
    selfSize: (node) => value(node, sizeAt!),
    // 2 = detached from the document (the snapshot's own judgement, as in DevTools' "Detached" filter).
    detached: (node) => detachedAt! >= 0 && value(node, detachedAt!) === 2,
    edgesOf: (node) => {
      const out: Array<[string, string, number]> = [];
      for (let edge = firstEdge[node]!; edge < firstEdge[node + 1]!; edge += 1) {
        const base = edge * edgeWidth;
        const type = edgeTypes[0][raw.edges[base + edgeTypeAt!]!]!;
        const nameOrIndex = raw.edges[base + edgeNameAt!]!;
        const name = type === 'element' || type === 'hidden' ? `[${nameOrIndex}]` : raw.strings[nameOrIndex]!;
        out.push([type, name, raw.edges[base + edgeToAt!]! / nodeWidth]);
      }
      return out;
    },
  };
}

/** What DevTools groups by in its summary: the constructor for objects, the type otherwise. */
const classOf = (graph: Graph, node: number) => {
  const type = graph.type(node);
  const name = graph.name(node);
  return type === 'object' || type === 'native' ? (graph.detached(node) ? `Detached ${name}` : name) : `(${type})`;
};

function census(graph: Graph): Map<string, { count: number; bytes: number }> {
  const byClass = new Map<string, { count: number; bytes: number }>();
  for (let node = 0; node < graph.count; node += 1) {
    const key = classOf(graph, node);
    const entry = byClass.get(key) ?? { count: 0, bytes: 0 };
    entry.count += 1;
    entry.bytes += graph.selfSize(node);
    byClass.set(key, entry);
  }
  return byClass;
}

/**
 * Breadth-first from the snapshot's root over strong edges: each node's parent on a shortest retainer path (-1:
 * unreachable). The objects that edges named in `cut` point to are left out (V8 also reaches a named property
 * through its object's property array, so cutting the edges alone would not free them), to see what would be freed
 * without them.
 */
function shortestRetainers(graph: Graph, cut: ReadonlySet<string> = new Set()): Int32Array {
  const removed = new Set<number>();
  if (cut.size) {
    for (let node = 0; node < graph.count; node += 1) for (const [, name, to] of graph.edgesOf(node)) if (cut.has(name)) removed.add(to);
  }
  const parent = new Int32Array(graph.count).fill(-1);
  parent[0] = 0;
  const queue = [0];
  for (let head = 0; head < queue.length; head += 1) {
    const node = queue[head]!;
    for (const [type, , to] of graph.edgesOf(node)) {
      if (type === 'weak' || type === 'shortcut' || parent[to] !== -1 || removed.has(to)) continue;
      parent[to] = node;
      queue.push(to);
    }
  }
  return parent;
}

function pathText(graph: Graph, parent: Int32Array, target: number, cut: boolean): string {
  if (parent[target] === -1) return cut ? '  (no other path: the cut edges alone hold it)' : '  (unreachable from the roots: garbage not yet collected)';
  const steps: string[] = [];
  for (let node = target; node !== 0; node = parent[node]!) {
    const from = parent[node]!;
    const edge = graph.edgesOf(from).find(([type, , to]) => to === node && type !== 'weak');
    steps.push(`  ${edge ? `.${edge[1]} (${edge[0]})` : '?'} → ${classOf(graph, node)} @${graph.id(node)}`);
  }
  return steps.reverse().join('\n');
}

const args = process.argv.slice(2);
const cutEdges = new Set<string>();
const positional: string[] = [];
for (let index = 0; index < args.length; index += 1) {
  if (args[index] === '--cut') cutEdges.add(args[++index]!);
  else positional.push(args[index]!);
}
const [firstFile, lastFile, ...names] = positional;
if (!firstFile || !lastFile) {
  console.error('usage: heap-retainers.ts <first.heapsnapshot> <last.heapsnapshot> [--cut <edge name>]… [name prefix…]');
  process.exit(2);
}
const first = census(load(firstFile));
const lastGraph = load(lastFile);
const last = census(lastGraph);
const growth = [...last]
  .map(([key, { count, bytes }]) => ({ key, count: count - (first.get(key)?.count ?? 0), bytes: bytes - (first.get(key)?.bytes ?? 0) }))
  .filter((entry) => entry.count > 0)
  .sort((a, b) => b.bytes - a.bytes)
  .slice(0, 25);
console.log('grown most (self bytes), last − first:');
for (const { key, count, bytes } of growth) console.log(`  ${String(bytes).padStart(10)} B  ${String(count).padStart(7)} ×  ${key}`);

const parent = shortestRetainers(lastGraph);
// With --cut, the paths shown are those that remain without the cut edges: a second retainer, if there is one.
const shownParent = cutEdges.size ? shortestRetainers(lastGraph, cutEdges) : parent;
const wanted = names.length ? names : ['Detached <dicom-viewport', 'Detached <canvas'];
for (const name of wanted) {
  const instances: number[] = [];
  for (let node = 0; node < lastGraph.count; node += 1) if (classOf(lastGraph, node).startsWith(name)) instances.push(node);
  console.log(`\n${name}: ${instances.length} in the last snapshot`);
  // The newest ones (highest ids) first: the ones a later open left behind.
  for (const node of instances.sort((a, b) => lastGraph.id(b) - lastGraph.id(a)).slice(0, 3)) {
    console.log(`${classOf(lastGraph, node)} @${lastGraph.id(node)}:\n${pathText(lastGraph, shownParent, node, cutEdges.size > 0)}`);
  }
}

// What the cut edges alone keep alive: reachable now, unreachable without them (their retained size, in effect).
if (cutEdges.size) {
  const without = shortestRetainers(lastGraph, cutEdges);
  const held = new Map<string, { count: number; bytes: number }>();
  let bytes = 0;
  let count = 0;
  for (let node = 0; node < lastGraph.count; node += 1) {
    if (parent[node] === -1 || without[node] !== -1) continue;
    const key = classOf(lastGraph, node);
    const entry = held.get(key) ?? { count: 0, bytes: 0 };
    entry.count += 1;
    entry.bytes += lastGraph.selfSize(node);
    held.set(key, entry);
    bytes += lastGraph.selfSize(node);
    count += 1;
  }
  console.log(`\nheld only through edges named ${[...cutEdges].join(', ')}: ${bytes} B in ${count} nodes; most:`);
  for (const [key, entry] of [...held].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, 15)) {
    console.log(`  ${String(entry.bytes).padStart(10)} B  ${String(entry.count).padStart(7)} ×  ${key.slice(0, 160)}`);
  }
}

// axe-core (the maintained WCAG rule engine) in the test page: the violations it finds in one element.
import type { AxeResults, RunOptions } from 'axe-core';

interface Axe {
  run(context: Element, options: RunOptions): Promise<AxeResults>;
}

/** axe-core's browser build, loaded once as the classic script it is (it defines `window.axe`). */
let axeLoaded: Promise<Axe> | undefined;
function axe(): Promise<Axe> {
  axeLoaded ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/node_modules/axe-core/axe.min.js';
    script.onload = () => resolve((window as unknown as { axe: Axe }).axe);
    script.onerror = () => reject(new Error('axe-core could not be loaded'));
    document.head.append(script);
  });
  return axeLoaded;
}

/** The violations axe finds in one element (WCAG 2.1 A and AA, and axe's best practices), as readable lines. */
export async function violationsOf(element: Element): Promise<string[]> {
  const results = await (await axe()).run(element, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
  return results.violations.flatMap((violation) =>
    violation.nodes.map((node) => `${violation.id} (${violation.impact}): ${violation.help} — ${node.target.join(' ')}: ${node.failureSummary?.replace(/\s+/g, ' ')}`),
  );
}

// The viewer's grid: `layout="RxC"` (rows × columns), checked and bounded, and how a grid shrinks. Pure.

export interface Layout {
  rows: number;
  columns: number;
}

/** The most rows or columns a grid may have: each viewport is a share of the page's one WebGL canvas. */
export const maxLayoutSide = 6;

/** The layouts the toolbar's picker offers; any other `RxC` up to the bound works by attribute. */
export const commonLayouts = ['1x1', '1x2', '2x1', '2x2', '1x3', '3x3'] as const;

/** Parses `RxC` (`2x3`, also `2×3`); throws a RangeError that says what is wrong. */
export function parseLayout(text: string): Layout {
  const match = /^\s*(\d+)\s*[x×X]\s*(\d+)\s*$/.exec(text);
  if (!match) throw new RangeError(`layout "${text}" is not rows x columns, such as "2x2"`);
  const rows = Number(match[1]);
  const columns = Number(match[2]);
  if (rows < 1 || columns < 1 || rows > maxLayoutSide || columns > maxLayoutSide) {
    throw new RangeError(`layout "${text}": rows and columns must each be 1 to ${maxLayoutSide}`);
  }
  return { rows, columns };
}

export function layoutText({ rows, columns }: Layout): string {
  return `${rows}x${columns}`;
}

export function cellCount({ rows, columns }: Layout): number {
  return rows * columns;
}

/**
 * What each cell of a new grid shows, given what the old cells showed: cells keep their contents in order, and when
 * the grid shrinks the active cell's contents move into the last cell left if they would fall off. Returns the new
 * contents and the new active index.
 */
export function relayout<T>(contents: readonly (T | undefined)[], activeIndex: number, count: number): { contents: (T | undefined)[]; activeIndex: number } {
  const next = Array.from({ length: count }, (_, index) => contents[index]);
  if (activeIndex < count) return { contents: next, activeIndex: Math.max(0, activeIndex) };
  const active = contents[activeIndex];
  const lastIndex = count - 1;
  // The active series stays on screen: in the first cell it is not already in, from the end.
  const alreadyShown = active !== undefined && next.some((content) => content === active);
  if (!alreadyShown) next[lastIndex] = active;
  return { contents: next, activeIndex: alreadyShown ? next.indexOf(active) : lastIndex };
}

// A reading session as `<dicom-viewer>`'s getState() returns it and setState() takes it, and its check. Pure.
import type { ViewportState } from '../../events/viewport-changed.js';
import { parseLayout, cellCount, type Layout } from './layout.js';
import { mprGrid, mprLayoutOf } from './mpr-layout.js';
import { parseSync } from '../../sync/sync-kinds.js';

export interface ViewerViewportState {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  /** The viewport's view (image, window, zoom, pan, rotation, flips, invert); absent before its first image. */
  view?: ViewportState;
}

export interface ViewerState {
  /** Rows x columns, or an MPR layout (`mpr`, `mpr-3d`). */
  layout: string;
  /** Space-separated synchronizations (`position voi camera`). */
  sync: string;
  /** The study opened (StudyInstanceUID). */
  study: string;
  /** Prior studies opened beside it. */
  priors: string[];
  /** The active viewport, 0-based in the grid. */
  activeIndex: number;
  /** What each viewport of the grid shows, in grid order; null for an empty one. */
  viewports: Array<ViewerViewportState | null>;
  /**
   * MPR layouts only: where the crosshairs cross (patient mm, LPS). Their rotation is each view's plane, in its
   * `view` (`viewPlaneNormal`, `viewUp`).
   */
  crosshairs?: { centre: [number, number, number] };
}

const isString = (value: unknown): value is string => typeof value === 'string';

/** Checks a state before anything of it is applied; throws a TypeError (or RangeError) that says what is wrong. */
export function checkViewerState(value: unknown): ViewerState {
  if (!value || typeof value !== 'object') throw new TypeError('viewer state: not an object');
  const state = value as Partial<ViewerState>;
  if (!isString(state.layout)) throw new TypeError('viewer state: layout must be a string such as "2x2"');
  const mpr = mprLayoutOf(state.layout);
  const layout: Layout = mpr ? mprGrid(mpr) : parseLayout(state.layout);
  if (!isString(state.sync)) throw new TypeError('viewer state: sync must be a string');
  const { unknown } = parseSync(state.sync);
  if (unknown.length > 0) throw new RangeError(`viewer state: unknown sync ${unknown.map((word) => `"${word}"`).join(', ')}`);
  if (!isString(state.study)) throw new TypeError('viewer state: study must be a StudyInstanceUID string');
  if (!Array.isArray(state.priors) || !state.priors.every(isString)) throw new TypeError('viewer state: priors must be an array of StudyInstanceUIDs');
  if (!Array.isArray(state.viewports)) throw new TypeError('viewer state: viewports must be an array');
  if (state.viewports.length > cellCount(layout)) {
    throw new RangeError(`viewer state: ${state.viewports.length} viewports do not fit layout ${state.layout}`);
  }
  for (const [index, viewport] of state.viewports.entries()) {
    if (viewport === null) continue;
    if (!viewport || typeof viewport !== 'object' || !isString(viewport.studyInstanceUid) || !isString(viewport.seriesInstanceUid)) {
      throw new TypeError(`viewer state: viewports[${index}] needs studyInstanceUid and seriesInstanceUid strings (or null)`);
    }
    if (viewport.view !== undefined && (typeof viewport.view !== 'object' || viewport.view === null)) {
      throw new TypeError(`viewer state: viewports[${index}].view must be a viewport state object`);
    }
  }
  if (state.crosshairs !== undefined) {
    const centre = (state.crosshairs as { centre?: unknown } | null)?.centre;
    if (!mpr) throw new RangeError(`viewer state: crosshairs belong to an MPR layout, not ${state.layout}`);
    if (!Array.isArray(centre) || centre.length !== 3 || !centre.every((value) => typeof value === 'number' && Number.isFinite(value))) {
      throw new TypeError('viewer state: crosshairs.centre must be three finite numbers (patient mm)');
    }
  }
  const activeIndex = state.activeIndex ?? 0;
  if (!Number.isInteger(activeIndex) || activeIndex < 0 || activeIndex >= cellCount(layout)) {
    throw new RangeError(`viewer state: activeIndex ${String(state.activeIndex)} is not a viewport of layout ${state.layout}`);
  }
  return structuredClone({ ...(state as ViewerState), activeIndex });
}

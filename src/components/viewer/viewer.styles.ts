import { css } from 'lit';
import { paletteInheritedBy, themeStyles } from '../shared/theme.styles.js';

export const viewerStyles = [
  themeStyles,
  // The parts show the viewer's palette, whichever way it was chosen.
  paletteInheritedBy('dicom-toolbar, dicom-series-browser, dicom-measurements, dicom-viewport'),
  css`
  :host {
    --dicom-viewer-background: var(--dicom-color-background, #000);
    --dicom-viewer-gap: 2px;
    --dicom-viewer-gap-color: var(--dicom-color-border, var(--dicom-theme-border));
    --dicom-viewer-active-color: var(--dicom-color-accent, var(--dicom-theme-accent));
    --dicom-viewer-reference-line-color: var(--dicom-color-reference-line, #ffe800);
    --dicom-viewer-prior-color: var(--dicom-color-warning, #ffb020);
    --dicom-viewer-series-browser-width: 220px;
    --dicom-viewer-measurements-width: 260px;
    display: block;
    position: relative;
    height: 600px;
    background: var(--dicom-viewer-background);
  }
  :host([hidden]) {
    display: none;
  }
  .base {
    display: flex;
    flex-direction: column;
    height: 100%;
  }
  .body {
    flex: 1;
    display: flex;
    min-height: 0;
  }
  [part~='series-browser'] {
    flex: none;
    width: var(--dicom-viewer-series-browser-width);
  }
  [part~='measurements'] {
    flex: none;
    width: var(--dicom-viewer-measurements-width);
    overflow: auto;
  }
  .grid {
    flex: 1;
    position: relative;
    display: grid;
    gap: var(--dicom-viewer-gap);
    background: var(--dicom-viewer-gap-color);
    min-width: 0;
  }
  .cell {
    position: relative;
    min-width: 0;
    min-height: 0;
    background: var(--dicom-viewer-background);
  }
  /* Maximized: the cell covers the grid; the others stay laid out beneath, keeping their size and state. */
  .cell--maximized {
    position: absolute;
    inset: 0;
    z-index: 1;
  }
  .grid--maximized .cell:not(.cell--maximized) {
    visibility: hidden;
  }
  dicom-viewport {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
  }
  .active-ring {
    position: absolute;
    inset: 0;
    pointer-events: none;
    z-index: 2;
  }
  .cell--active .active-ring {
    box-shadow: inset 0 0 0 2px var(--dicom-viewer-active-color);
  }
  .cell--drop .active-ring {
    box-shadow: inset 0 0 0 3px var(--dicom-viewer-active-color);
    background: rgba(79, 163, 255, 0.12);
  }
  .reference-lines {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    pointer-events: none;
    overflow: visible;
    z-index: 1;
  }
  .reference-lines line {
    stroke: var(--dicom-viewer-reference-line-color);
    stroke-width: 1.5;
  }
  .prior-date {
    position: absolute;
    top: 4px;
    left: 50%;
    transform: translateX(-50%);
    padding: 1px 6px;
    border-radius: 3px;
    background: var(--dicom-viewer-prior-color);
    color: #000;
    font: 600 12px/1.4 system-ui, sans-serif;
    pointer-events: none;
    z-index: 2;
  }
`,
];

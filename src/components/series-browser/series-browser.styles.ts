import { css } from 'lit';
import { themeStyles } from '../shared/theme.styles.js';

export const seriesBrowserStyles = [
  themeStyles,
  css`
  :host {
    --dicom-series-browser-background: var(--dicom-color-surface, var(--dicom-theme-surface));
    --dicom-series-browser-text-color: var(--dicom-color-text, var(--dicom-theme-text));
    --dicom-series-browser-muted-color: var(--dicom-color-text-muted, var(--dicom-theme-text-muted));
    --dicom-series-browser-border-color: var(--dicom-color-border, var(--dicom-theme-border));
    --dicom-series-browser-accent: var(--dicom-color-accent, var(--dicom-theme-accent));
    --dicom-series-browser-prior-color: var(--dicom-color-warning, var(--dicom-theme-warning));
    --dicom-series-browser-font: var(--dicom-font, 13px/1.4 system-ui, sans-serif);
    --dicom-series-browser-thumbnail-size: 96px;
    display: block;
    overflow: auto;
    background: var(--dicom-series-browser-background);
    color: var(--dicom-series-browser-text-color);
    font: var(--dicom-series-browser-font);
  }
  :host([hidden]) {
    display: none;
  }
  section {
    padding: 6px;
    border-bottom: 1px solid var(--dicom-series-browser-border-color);
  }
  h2 {
    margin: 0 0 6px;
    font-size: 0.9em;
    font-weight: 600;
  }
  .prior h2 {
    color: var(--dicom-series-browser-prior-color);
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 6px;
  }
  button {
    font: inherit;
    color: inherit;
  }
  .series {
    display: flex;
    gap: 8px;
    align-items: center;
    width: 100%;
    padding: 4px;
    text-align: left;
    background: transparent;
    border: 1px solid var(--dicom-series-browser-border-color);
    border-radius: 4px;
    cursor: pointer;
  }
  .series:focus-visible {
    outline: 2px solid var(--dicom-series-browser-accent);
  }
  .series[aria-current='true'] {
    border-color: var(--dicom-series-browser-accent);
  }
  .thumbnail {
    flex: none;
    width: var(--dicom-series-browser-thumbnail-size);
    height: var(--dicom-series-browser-thumbnail-size);
    object-fit: contain;
    background: #000;
  }
  .label {
    display: flex;
    flex-direction: column;
    min-width: 0;
  }
  .label span {
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .muted,
  .status {
    color: var(--dicom-series-browser-muted-color);
  }
  .date {
    color: var(--dicom-series-browser-prior-color);
    font-weight: 600;
  }
  .prior-study {
    width: 100%;
    text-align: left;
    padding: 4px;
    background: transparent;
    border: 1px solid var(--dicom-series-browser-border-color);
    border-radius: 4px;
    cursor: pointer;
  }
  .prior-study[aria-expanded='true'] {
    border-color: var(--dicom-series-browser-prior-color);
  }
`,
];

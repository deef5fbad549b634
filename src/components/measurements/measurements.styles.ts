import { css } from 'lit';
import { themeStyles } from '../shared/theme.styles.js';

export const measurementsStyles = [
  themeStyles,
  css`
  :host {
    --dicom-measurements-background: var(--dicom-color-surface, var(--dicom-theme-surface));
    --dicom-measurements-text-color: var(--dicom-color-text, var(--dicom-theme-text));
    --dicom-measurements-muted-color: var(--dicom-color-text-muted, var(--dicom-theme-text-muted));
    --dicom-measurements-border-color: var(--dicom-color-border, var(--dicom-theme-border));
    --dicom-measurements-accent: var(--dicom-color-accent, var(--dicom-theme-accent));
    --dicom-measurements-selected: var(--dicom-color-active, var(--dicom-theme-active));
    --dicom-measurements-font: var(--dicom-font, 13px/1.4 system-ui, sans-serif);
    display: block;
    background: var(--dicom-measurements-background);
    color: var(--dicom-measurements-text-color);
    font: var(--dicom-measurements-font);
  }
  :host([hidden]) {
    display: none;
  }
  h3,
  h4 {
    margin: 0;
    padding: 6px 8px 2px;
    font-size: 0.85em;
    font-weight: 600;
    color: var(--dicom-measurements-muted-color);
  }
  h4 {
    padding-left: 16px;
    font-weight: normal;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  li {
    display: flex;
    align-items: center;
    gap: 4px;
    padding: 2px 8px 2px 16px;
    border-bottom: 1px solid var(--dicom-measurements-border-color);
  }
  li[aria-current='true'] {
    background: var(--dicom-measurements-selected);
  }
  button,
  input {
    font: inherit;
    color: inherit;
  }
  button {
    background: none;
    border: 1px solid transparent;
    border-radius: 3px;
    cursor: pointer;
    padding: 2px 4px;
  }
  button:focus-visible,
  input:focus-visible {
    outline: 2px solid var(--dicom-measurements-accent);
    outline-offset: 1px;
  }
  .measurement {
    flex: 1;
    text-align: left;
    display: flex;
    flex-wrap: wrap;
    gap: 0 8px;
  }
  .type {
    font-weight: 600;
  }
  .label {
    color: var(--dicom-measurements-muted-color);
  }
  .read-only {
    font-size: 0.8em;
    color: var(--dicom-measurements-muted-color);
  }
  .empty {
    padding: 8px;
    color: var(--dicom-measurements-muted-color);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`,
];

import { css } from 'lit';
import { themeStyles } from '../shared/theme.styles.js';

export const toolbarStyles = [
  themeStyles,
  css`
  :host {
    --dicom-toolbar-background: var(--dicom-color-surface, var(--dicom-theme-surface));
    --dicom-toolbar-text-color: var(--dicom-color-text, var(--dicom-theme-text));
    --dicom-toolbar-border-color: var(--dicom-color-border, var(--dicom-theme-border));
    --dicom-toolbar-accent: var(--dicom-color-accent, var(--dicom-theme-accent));
    --dicom-toolbar-pressed: var(--dicom-color-active, var(--dicom-theme-active));
    --dicom-toolbar-font: var(--dicom-font, 13px/1.4 system-ui, sans-serif);
    --dicom-toolbar-gap: 2px;
    --dicom-toolbar-icon-size: 20px;
    display: block;
    position: relative;
    container: dicom-toolbar / inline-size;
    background: var(--dicom-toolbar-background);
    color: var(--dicom-toolbar-text-color);
    font: var(--dicom-toolbar-font);
  }
  :host([hidden]) {
    display: none;
  }
  /* One row: what does not fit goes to the overflow menu (toolbar.component.ts); only a toolbar too narrow for even
     that wraps. */
  .base {
    display: flex;
    flex-wrap: nowrap;
    align-items: center;
    gap: 4px;
    padding: 4px;
  }
  .base--wrap {
    flex-wrap: wrap;
  }
  .group {
    display: flex;
    flex-wrap: nowrap;
    flex: none;
    align-items: center;
    gap: var(--dicom-toolbar-gap);
    padding-right: 4px;
    border-right: 1px solid var(--dicom-toolbar-border-color);
  }
  .group:last-child {
    border-right: none;
    margin-left: auto;
  }
  button,
  select {
    font: inherit;
    color: inherit;
  }
  button {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    min-height: 30px;
    padding: 4px 6px;
    background: none;
    border: 1px solid transparent;
    border-radius: 4px;
    cursor: pointer;
  }
  button:hover {
    border-color: var(--dicom-toolbar-border-color);
  }
  button[aria-pressed='true'] {
    background: var(--dicom-toolbar-pressed);
    border-color: var(--dicom-toolbar-accent);
  }
  button[aria-disabled='true'] {
    opacity: 0.45;
    cursor: default;
  }
  select {
    min-height: 30px;
    padding: 2px 4px;
    background: var(--dicom-toolbar-background);
    border: 1px solid var(--dicom-toolbar-border-color);
    border-radius: 4px;
  }
  button:focus-visible,
  select:focus-visible {
    outline: 2px solid var(--dicom-toolbar-accent);
    outline-offset: 1px;
  }
  .icon {
    width: var(--dicom-toolbar-icon-size);
    height: var(--dicom-toolbar-icon-size);
    flex: none;
  }
  .label {
    white-space: nowrap;
  }
  /* Compact: icons only, the label stays the button's accessible name and tooltip. */
  :host([compact]) .label {
    display: none;
  }
  /* The ten measurement tools take one row of icons until there is room for their names as well. */
  @container dicom-toolbar (max-width: 1399px) {
    .measure .label {
      display: none;
    }
  }
  @container dicom-toolbar (max-width: 719px) {
    .label {
      display: none;
    }
  }
  .overflow {
    position: absolute;
    right: 4px;
    top: 100%;
    z-index: 11;
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 4px;
    max-width: calc(100% - 8px);
    max-height: 60vh;
    overflow: auto;
    padding: 6px;
    background: var(--dicom-toolbar-background);
    border: 1px solid var(--dicom-toolbar-border-color);
    border-radius: 4px;
    box-shadow: 0 4px 16px rgba(0, 0, 0, 0.5);
  }
  .overflow[hidden] {
    display: none;
  }
  .overflow .group {
    flex-wrap: wrap;
    border-right: none;
    padding-right: 0;
  }
  /* In the menu there is room for words: every control says its name again (not when the page asked for compact). */
  :host(:not([compact])) .overflow .group .label {
    display: inline;
  }
  .help {
    position: absolute;
    right: 4px;
    top: 100%;
    z-index: 10;
    max-width: min(420px, calc(100% - 8px));
    max-height: 60vh;
    overflow: auto;
    padding: 8px 12px;
    background: var(--dicom-toolbar-background);
    border: 1px solid var(--dicom-toolbar-border-color);
    border-radius: 4px;
    box-shadow: 0 4px 16px rgba(0, 0, 0, 0.5);
  }
  .help[hidden] {
    display: none;
  }
  .help p {
    margin: 0 0 6px;
  }
  dl {
    margin: 0;
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 2px 12px;
  }
  .shortcut {
    display: contents;
  }
  dt {
    white-space: nowrap;
  }
  dd {
    margin: 0;
  }
  kbd {
    display: inline-block;
    min-width: 1.4em;
    padding: 0 4px;
    text-align: center;
    font: 0.9em ui-monospace, monospace;
    border: 1px solid var(--dicom-toolbar-border-color);
    border-radius: 3px;
  }
`,
];

import { css } from 'lit';
import { themeStyles } from '../shared/theme.styles.js';

export const studyListStyles = [
  themeStyles,
  css`
  :host {
    --dicom-study-list-background: var(--dicom-color-surface, var(--dicom-theme-surface));
    --dicom-study-list-text-color: var(--dicom-color-text, var(--dicom-theme-text));
    --dicom-study-list-muted-color: var(--dicom-color-text-muted, var(--dicom-theme-text-muted));
    --dicom-study-list-border-color: var(--dicom-color-border, var(--dicom-theme-border));
    --dicom-study-list-accent: var(--dicom-color-accent, var(--dicom-theme-accent));
    --dicom-study-list-row-hover: var(--dicom-color-hover, var(--dicom-theme-hover));
    --dicom-study-list-row-active: var(--dicom-color-active, var(--dicom-theme-active));
    --dicom-study-list-error-color: var(--dicom-color-error, var(--dicom-theme-error));
    --dicom-study-list-font: var(--dicom-font, 13px/1.4 system-ui, sans-serif);
    display: block;
    container: dicom-study-list / inline-size;
    background: var(--dicom-study-list-background);
    color: var(--dicom-study-list-text-color);
    font: var(--dicom-study-list-font);
  }
  :host([hidden]) {
    display: none;
  }
  form {
    display: flex;
    flex-wrap: wrap;
    gap: 8px 12px;
    align-items: flex-end;
    padding: 8px;
    border-bottom: 1px solid var(--dicom-study-list-border-color);
  }
  label {
    display: flex;
    flex-direction: column;
    gap: 2px;
    font-size: 0.85em;
    color: var(--dicom-study-list-muted-color);
  }
  input,
  select,
  button {
    font: inherit;
    color: var(--dicom-study-list-text-color);
    background: transparent;
    border: 1px solid var(--dicom-study-list-border-color);
    border-radius: 3px;
    padding: 3px 6px;
  }
  input[readonly] {
    border-style: dashed;
  }
  button {
    cursor: pointer;
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible,
  tr:focus-visible {
    outline: 2px solid var(--dicom-study-list-accent);
    outline-offset: -2px;
  }
  .quick-picks {
    display: flex;
    gap: 4px;
  }
  .quick-picks button[aria-pressed='true'] {
    border-color: var(--dicom-study-list-accent);
  }
  button[type='submit'] {
    border-color: var(--dicom-study-list-accent);
  }
  /* Should a page make the element narrower than its columns' minimum, the table scrolls inside it, not over the page. */
  .table-scroll {
    overflow-x: auto;
  }
  /* The columns share the element's width (the shares are the column definitions'); a longer text is cut with an
     ellipsis and shown whole in its tooltip, so a long name or a longer language never widens the table. */
  table {
    width: 100%;
    table-layout: fixed;
    border-collapse: collapse;
  }
  th,
  td {
    text-align: left;
    padding: 4px 8px;
    border-bottom: 1px solid var(--dicom-study-list-border-color);
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  th button {
    display: block;
    max-width: 100%;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    border: none;
    padding: 0;
    background: none;
    font: inherit;
    cursor: pointer;
    font-weight: 600;
    color: inherit;
  }
  th.number button {
    margin-left: auto;
  }
  @container dicom-study-list (max-width: 639px) {
    .hide-below-640 {
      display: none;
    }
  }
  @container dicom-study-list (max-width: 479px) {
    .hide-below-480 {
      display: none;
    }
  }
  td.number,
  th.number {
    text-align: right;
  }
  tbody tr {
    cursor: default;
  }
  tbody tr:hover {
    background: var(--dicom-study-list-row-hover);
  }
  tbody tr[aria-selected='true'] {
    background: var(--dicom-study-list-row-active);
  }
  .status {
    padding: 12px 8px;
    color: var(--dicom-study-list-muted-color);
  }
  .status--error {
    color: var(--dicom-study-list-error-color);
  }
  .pager {
    display: flex;
    gap: 8px;
    align-items: center;
    justify-content: flex-end;
    padding: 6px 8px;
    color: var(--dicom-study-list-muted-color);
  }
`,
];

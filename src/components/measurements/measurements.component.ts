import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { DicomViewport } from '../viewport/viewport.component.js';
import { englishValueName, formatValue, type Measurement, type ValueNameOf } from '../../measurements/measurement.js';
import { measurementsStyles } from './measurements.styles.js';
import type { Theme } from '../shared/theme.styles.js';
import { LocalizeController } from '../shared/localize-controller.js';
import type { Messages } from '../../i18n/messages-en.js';

/** The value a list row shows: the main ones (an ROI's mean ± SD and area), each with its unit. */
export function summaryOf(measurement: Measurement, nameOf: ValueNameOf = englishValueName): string {
  const byName = new Map(measurement.values.map((value) => [value.name, value]));
  const mean = byName.get('mean');
  const sd = byName.get('standard-deviation');
  const area = byName.get('area');
  if (mean && sd) return `${formatValue(mean).replace(/ .*$/, '')} ± ${formatValue(sd)}${area ? `, ${formatValue(area)}` : ''}`;
  return measurement.values
    .filter(({ name }) => name !== 'pixel-count')
    .map((value) => (measurement.values.length > 1 ? `${nameOf(value.name)} ${formatValue(value)}` : formatValue(value)))
    .join(', ');
}

const measurementEvents = ['dicom-measurement-added', 'dicom-measurement-changed', 'dicom-measurement-removed', 'dicom-measurements-replaced', 'dicom-image-rendered'] as const;

interface ImageGroup {
  key: string;
  label: string;
  measurements: Measurement[];
}

interface SeriesGroup {
  key: string;
  label: string;
  images: ImageGroup[];
}

/**
 * @tag dicom-measurements
 * @summary The list of a viewport's measurements, grouped by series and image, with type, value, unit (and the
 * calibration it came from) and label. Clicking a measurement (or Enter on it) shows its image and selects it;
 * each can be renamed and deleted; everything is reachable by Tab and operable by keyboard (Delete on a measurement
 * deletes it, F2 renames it). A measurement loaded from a stored report is read-only (marked "from report") until
 * its Edit button makes it the reader's (`unlockMeasurement()` on the viewport). Additions, changes and removals are
 * announced through a live region.
 *
 * Attach it with `for="<id of a dicom-viewport>"` (in the same document or shadow root), or by setting `viewport`.
 *
 * @csspart list - The list of measurements.
 * @csspart series - A series' heading.
 * @csspart image - An image's heading.
 * @csspart item - One measurement's row.
 * @csspart rename - A row's rename button (and the text field that replaces its label while renaming).
 * @csspart delete - A row's delete button.
 * @csspart edit - A read-only row's Edit button, which makes the measurement editable.
 * @csspart empty - The message shown while there are no measurements.
 *
 * @cssproperty --dicom-measurements-background - Defaults to `--dicom-color-surface`.
 * @cssproperty --dicom-measurements-text-color - Defaults to `--dicom-color-text`.
 * @cssproperty --dicom-measurements-muted-color - Headings and labels.
 * @cssproperty --dicom-measurements-border-color - Lines between rows.
 * @cssproperty --dicom-measurements-accent - Focus ring.
 * @cssproperty --dicom-measurements-selected - Background of the selected measurement.
 * @cssproperty --dicom-measurements-font - Font.
 */
export class DicomMeasurements extends LitElement {
  static override styles = measurementsStyles;

  /** The palette: `light`, `dark`, or unset to follow the reader's `prefers-color-scheme` (in a viewer, the viewer's). */
  @property({ reflect: true }) theme: Theme = '';

  private readonly msg = new LocalizeController(this);

  /** Words for this element only (and the parts it shows), over its language's table: a partial `Messages`. */
  @property({ attribute: false }) messages?: Partial<Messages>;

  /** The id of the `<dicom-viewport>` whose measurements to list (looked up in this element's document or shadow root). */
  @property({ attribute: 'for' }) for = '';

  /** The viewport whose measurements to list; set directly, or found by `for`. */
  @property({ attribute: false }) viewport?: DicomViewport;

  @state() private measurements: Measurement[] = [];
  @state() private selectedId = '';
  @state() private renamingId = '';
  @state() private announcement = '';
  private listenedTo?: DicomViewport;

  /** Reads the viewport's measurements again (the list follows its events by itself). */
  refresh(): void {
    this.measurements = this.target()?.getMeasurements() ?? [];
  }

  private target(): DicomViewport | undefined {
    if (this.viewport) return this.viewport;
    if (!this.for || !this.isConnected) return undefined;
    const root = this.getRootNode() as Document | ShadowRoot;
    const found = root.getElementById?.(this.for);
    return found?.localName === 'dicom-viewport' ? (found as DicomViewport) : undefined;
  }

  private readonly onViewportEvent = (event: Event): void => {
    this.refresh();
    const detail = (event as CustomEvent<Measurement>).detail;
    const key = ({ 'dicom-measurement-added': 'measurements.added', 'dicom-measurement-changed': 'measurements.changed', 'dicom-measurement-removed': 'measurements.removed' } as const)[event.type as 'dicom-measurement-added'];
    if (!key || !detail) return;
    const type = this.msg.t(`tool.${detail.type}`);
    this.announcement = this.msg.t(key, { name: detail.label ? `${type} ${detail.label}` : type, value: summaryOf(detail, this.valueName) });
  };

  private readonly valueName: ValueNameOf = (name) => this.msg.t(`measurements.value.${name}`);

  private listen(): void {
    const target = this.target();
    if (target === this.listenedTo) return;
    this.unlisten();
    this.listenedTo = target;
    for (const type of measurementEvents) target?.addEventListener(type, this.onViewportEvent);
    this.refresh();
  }

  private unlisten(): void {
    for (const type of measurementEvents) this.listenedTo?.removeEventListener(type, this.onViewportEvent);
    this.listenedTo = undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // A viewport named by `for` may come later in the document than this element.
    queueMicrotask(() => this.listen());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unlisten();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('for') || changed.has('viewport')) this.listen();
  }

  private groups(): SeriesGroup[] {
    const viewport = this.target();
    const series = new Map<string, SeriesGroup>();
    for (const measurement of this.measurements) {
      const place = viewport?.measurementPlace(measurement.id);
      const seriesKey = measurement.image.seriesInstanceUid;
      let group = series.get(seriesKey);
      if (!group) {
        const named = place ? [place.seriesNumber, place.seriesDescription].filter(Boolean).join(' ') : seriesKey;
        const label = this.msg.t('measurements.series', { series: named }).trim();
        group = { key: seriesKey, label, images: [] };
        series.set(seriesKey, group);
      }
      const imageKey = `${measurement.image.sopInstanceUid}|${measurement.image.frameNumber}`;
      let image = group.images.find(({ key }) => key === imageKey);
      if (!image) {
        const label = place
          ? this.msg.t('measurements.image', { index: place.imageIndex + 1, count: place.imageCount })
          : this.msg.t('measurements.instance', { uid: measurement.image.sopInstanceUid, frame: measurement.image.frameNumber ?? 1 });
        image = { key: imageKey, label, measurements: [] };
        group.images.push(image);
      }
      image.measurements.push(measurement);
    }
    return [...series.values()];
  }

  private select(measurement: Measurement): void {
    this.selectedId = measurement.id;
    this.target()?.selectMeasurement(measurement.id);
  }

  private deleteMeasurement(measurement: Measurement): void {
    this.target()?.removeMeasurement(measurement.id);
    this.refresh();
  }

  private unlock(measurement: Measurement): void {
    this.target()?.unlockMeasurement(measurement.id);
    this.refresh();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>(`li[data-id="${CSS.escape(measurement.id)}"] .measurement`)?.focus());
  }

  private async startRename(measurement: Measurement): Promise<void> {
    this.renamingId = measurement.id;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('input[part~="rename"]')?.focus();
  }

  private finishRename(measurement: Measurement, field: HTMLInputElement, keep: boolean): void {
    if (this.renamingId !== measurement.id) return;
    this.renamingId = '';
    if (keep && field.value !== measurement.label) this.target()?.renameMeasurement(measurement.id, field.value);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>(`li[data-id="${CSS.escape(measurement.id)}"] .measurement`)?.focus());
  }

  private onItemKeyDown(event: KeyboardEvent, measurement: Measurement): void {
    if (event.key === 'Delete') {
      event.preventDefault();
      this.deleteMeasurement(measurement);
    } else if (event.key === 'F2') {
      event.preventDefault();
      void this.startRename(measurement);
    }
  }

  private renderItem(measurement: Measurement) {
    const renaming = this.renamingId === measurement.id;
    const summary = summaryOf(measurement, this.valueName);
    return html`<li part="item" data-id=${measurement.id} aria-current=${this.selectedId === measurement.id ? 'true' : 'false'}>
      ${renaming
        ? html`<input
            part="rename"
            aria-label=${this.msg.t('measurements.labelOf', { type: this.msg.t(`tool.${measurement.type}`) })}
            .value=${measurement.label}
            @keydown=${(event: KeyboardEvent) => {
              if (event.key === 'Enter') this.finishRename(measurement, event.target as HTMLInputElement, true);
              if (event.key === 'Escape') this.finishRename(measurement, event.target as HTMLInputElement, false);
            }}
            @blur=${(event: FocusEvent) => this.finishRename(measurement, event.target as HTMLInputElement, true)}
          />`
        : html`<button class="measurement" @click=${() => this.select(measurement)} @keydown=${(event: KeyboardEvent) => this.onItemKeyDown(event, measurement)}>
            <span class="type">${this.msg.t(`tool.${measurement.type}`)}</span>
            ${summary ? html`<span class="value">${summary}</span>` : nothing}
            ${measurement.label ? html`<span class="label">${measurement.label}</span>` : nothing}
            ${measurement.readOnly ? html`<span class="read-only">${this.msg.t('measurements.fromReport')}</span>` : nothing}
          </button>`}
      ${measurement.readOnly
        ? html`<button part="edit" aria-label=${this.msg.t('measurements.editItem', { type: this.msg.t(`tool.${measurement.type}`) })} title=${this.msg.t('measurements.makeEditable')} @click=${() => this.unlock(measurement)}>${this.msg.t('measurements.edit')}</button>`
        : nothing}
      <button part="rename" aria-label=${this.msg.t('measurements.renameItem', { type: this.msg.t(`tool.${measurement.type}`) })} title=${this.msg.t('measurements.rename')} ?hidden=${renaming} @click=${() => this.startRename(measurement)}>✎</button>
      <button part="delete" aria-label=${this.msg.t('measurements.deleteItem', { type: this.msg.t(`tool.${measurement.type}`) })} title=${this.msg.t('measurements.delete')} @click=${() => this.deleteMeasurement(measurement)}>✕</button>
    </li>`;
  }

  protected override render() {
    const groups = this.groups();
    return html`
      ${groups.length === 0 ? html`<div part="empty" class="empty">${this.msg.t('measurements.none')}</div>` : nothing}
      <div part="list" role="list" aria-label=${this.msg.t('measurements.list')}>
        ${repeat(
          groups,
          (series) => series.key,
          (series) => html`<div role="listitem">
            <h3 part="series">${series.label}</h3>
            ${repeat(
              series.images,
              (image) => image.key,
              (image) => html`<h4 part="image">${image.label}</h4>
                <ul aria-label=${image.label}>
                  ${repeat(image.measurements, (measurement) => measurement.id, (measurement) => this.renderItem(measurement))}
                </ul>`,
            )}
          </div>`,
        )}
      </div>
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
    `;
  }
}

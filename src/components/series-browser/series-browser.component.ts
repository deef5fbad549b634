import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { numberOf, stringOf, type DicomJsonDataset } from '../../dicomweb/dicom-json.js';
import { imageSeriesInOrder } from '../../dicomweb/series-choice.js';
import { errorDetailOf } from '../shared/error-detail.js';
import type { DicomwebSource } from '../../dicomweb/source.js';
import { DicomwebSourceHolder } from '../shared/dicomweb-source-holder.js';
import { DicomErrorEvent } from '../../events/error.js';
import { DicomSeriesSelectEvent } from '../../events/series-select.js';
import { priorStudiesOf, seriesOfStudy, studyOf } from './study-series.js';
import { seriesDragType } from './series-drag.js';
import { seriesBrowserStyles } from './series-browser.styles.js';
import type { Theme } from '../shared/theme.styles.js';
import { LocalizeController } from '../shared/localize-controller.js';
import type { Messages } from '../../i18n/messages-en.js';

interface StudySeries {
  study?: DicomJsonDataset;
  series: DicomJsonDataset[];
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  return a === b || (!!a && !!b && a.length === b.length && a.every((value, index) => value === b[index]));
}

/**
 * @tag dicom-series-browser
 * @summary A study's series as thumbnails with modality, number, description and image count; click, Enter or drag
 * one onto a `<dicom-viewer>`'s viewport to show it. The patient's other studies (QIDO-RS by Patient ID, newest
 * first) are listed with their dates and can be opened, their series shown beside the study's, marked with their date.
 *
 * The thumbnail is the server's series thumbnail, else its rendered middle frame (as `DicomwebSource` falls back).
 *
 * @event {DicomSeriesSelectEvent} dicom-series-select - The user chose a series (click or Enter); `beside` is set when a prior is opened for comparison.
 * @event {DicomErrorEvent} dicom-error - The study's series or the patient's studies could not be searched.
 *
 * @csspart study - The group of one study's series (the current one, and each prior opened).
 * @csspart prior - A prior study's group (also `study`).
 * @csspart series - One series' button.
 * @csspart thumbnail - A series' picture.
 * @csspart date - A prior study's date.
 * @csspart priors - The list of the patient's other studies.
 * @csspart status - The loading, empty and error messages.
 *
 * @cssproperty --dicom-series-browser-background - Defaults to `--dicom-color-surface`.
 * @cssproperty --dicom-series-browser-text-color - Defaults to `--dicom-color-text`.
 * @cssproperty --dicom-series-browser-muted-color - Counts and messages.
 * @cssproperty --dicom-series-browser-border-color - Around each series.
 * @cssproperty --dicom-series-browser-accent - Focus ring and the series shown.
 * @cssproperty --dicom-series-browser-prior-color - Dates of prior studies.
 * @cssproperty --dicom-series-browser-thumbnail-size - A thumbnail's side. Defaults to 96px.
 * @cssproperty --dicom-series-browser-font - Font.
 */
export class DicomSeriesBrowser extends LitElement {
  static override styles = seriesBrowserStyles;

  /** The palette: `light`, `dark`, or unset to follow the reader's `prefers-color-scheme` (in a viewer, the viewer's). */
  @property({ reflect: true }) theme: Theme = '';

  private readonly msg = new LocalizeController(this);

  /** Words for this element only (and the parts it shows), over its language's table: a partial `Messages`. */
  @property({ attribute: false }) messages?: Partial<Messages>;

  /** The DICOMweb service root. Ignored when `source` is set. */
  @property({ attribute: 'dicomweb-root' }) dicomwebRoot = '';

  /** StudyInstanceUID of the study whose series are listed. */
  @property() study = '';

  /** Hides the patient's other studies. */
  @property({ attribute: 'no-priors', type: Boolean }) noPriors = false;

  /**
   * SeriesInstanceUIDs shown somewhere (a viewer sets them): their buttons are marked. A new list with the same UIDs
   * is no change (a viewer hands a new one whenever it renders).
   */
  @property({ attribute: false, hasChanged: (value: readonly string[], old?: readonly string[]) => !sameList(value, old) }) shownSeries: readonly string[] = [];

  /** StudyInstanceUIDs of the prior studies whose series are listed (opened by the user or by the page). */
  @property({ attribute: false }) openPriors: readonly string[] = [];

  @state() private priorSeries = new Map<string, StudySeries | Error>();
  @state() private thumbnails = new Map<string, string>();

  private readonly sources = new DicomwebSourceHolder();
  private readonly thumbnailRequests = new Set<string>();
  private work = new AbortController();

  private readonly studyTask = new Task(this, {
    args: () => [this.source, this.study, this.noPriors] as const,
    task: async ([source, study, noPriors], { signal }) => {
      if (!source || !study) return undefined;
      const [series, dataset] = await Promise.all([seriesOfStudy(source, study, signal), studyOf(source, study, signal)]);
      const priors = !noPriors && dataset ? await priorStudiesOf(source, study, dataset, signal) : [];
      return { study: dataset, series, priors };
    },
    onError: (error) => this.reportError(error),
  });

  /** The DICOMweb source read; made from `dicomweb-root` unless one is assigned. */
  get source(): DicomwebSource | undefined {
    return this.sources.sourceFor(this.dicomwebRoot);
  }

  set source(source: DicomwebSource | undefined) {
    const old = this.source;
    this.sources.assign(source);
    this.requestUpdate('source', old);
  }

  /** The study's series (QIDO-RS results) in Series Number order; empty until found. */
  get series(): DicomJsonDataset[] {
    return this.studyTask.value?.series ?? [];
  }

  /** The patient's other studies, newest first; empty until found. */
  get priors(): DicomJsonDataset[] {
    return this.studyTask.value?.priors ?? [];
  }

  /** The series of a study listed here (the current one or an opened prior), loading a prior's when needed. */
  async seriesOf(studyInstanceUid: string): Promise<DicomJsonDataset[]> {
    if (studyInstanceUid === this.study) {
      await this.studyTask.taskComplete;
      return this.series;
    }
    const source = this.source;
    if (!source) return [];
    return seriesOfStudy(source, studyInstanceUid, this.work.signal);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.forgetWork();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('study') || changed.has('source' as keyof DicomSeriesBrowser) || changed.has('dicomwebRoot')) {
      this.forgetWork();
      this.priorSeries = new Map();
    }
  }

  protected override updated(): void {
    for (const uid of this.openPriors) if (!this.priorSeries.has(uid)) this.loadPrior(uid);
  }

  protected override render() {
    return this.studyTask.render({
      initial: () => html`<p part="status" class="status">${this.msg.t('seriesBrowser.noStudy')}</p>`,
      pending: () => html`<p part="status" class="status" role="status">${this.msg.t('seriesBrowser.loading')}</p>`,
      error: (error) => html`<p part="status" class="status" role="alert">${errorDetailOf(error, this.msg.t).message}</p>`,
      complete: (value) => {
        if (!value) return html`<p part="status" class="status">${this.msg.t('seriesBrowser.noStudy')}</p>`;
        return html`
          ${this.renderStudy(this.study, value.study, value.series, false)}
          ${this.openPriors.map((uid) => {
            const loaded = this.priorSeries.get(uid);
            const prior = value.priors.find((study) => stringOf(study, 'StudyInstanceUID') === uid);
            if (loaded instanceof Error) return html`<p part="status" class="status" role="alert">${errorDetailOf(loaded, this.msg.t).message}</p>`;
            return loaded ? this.renderStudy(uid, loaded.study ?? prior, loaded.series, true) : html`<p part="status" class="status">${this.msg.t('seriesBrowser.loading')}</p>`;
          })}
          ${this.noPriors ? nothing : this.renderPriors(value.priors)}
        `;
      },
    });
  }

  private renderStudy(studyInstanceUid: string, study: DicomJsonDataset | undefined, series: DicomJsonDataset[], prior: boolean) {
    const date = this.msg.format.date(study ? stringOf(study, 'StudyDate') : undefined);
    const description = study ? (stringOf(study, 'StudyDescription') ?? '') : '';
    return html`
      <section part=${prior ? 'study prior' : 'study'} class=${prior ? 'prior' : 'current'} data-study=${studyInstanceUid} aria-label=${`${this.msg.t(prior ? 'seriesBrowser.priorStudy' : 'seriesBrowser.study')} ${date} ${description}`.trim()}>
        <h2>${prior ? html`<span part="date" class="date">${date || this.msg.t('seriesBrowser.undated')}</span> ` : date ? `${date} ` : ''}${description}</h2>
        ${series.length === 0 ? html`<p part="status" class="status">${this.msg.t('seriesBrowser.noSeries')}</p>` : nothing}
        <ul>
          ${series.map((dataset) => html`<li>${this.renderSeries(studyInstanceUid, dataset)}</li>`)}
        </ul>
      </section>
    `;
  }

  private renderSeries(studyInstanceUid: string, dataset: DicomJsonDataset) {
    const seriesInstanceUid = stringOf(dataset, 'SeriesInstanceUID') ?? '';
    const modality = stringOf(dataset, 'Modality') ?? '';
    const number = stringOf(dataset, 'SeriesNumber') ?? '';
    const description = stringOf(dataset, 'SeriesDescription') ?? '';
    const count = numberOf(dataset, 'NumberOfSeriesRelatedInstances');
    this.requestThumbnail(studyInstanceUid, seriesInstanceUid);
    const thumbnail = this.thumbnails.get(seriesInstanceUid);
    return html`
      <button
        part="series"
        class="series"
        type="button"
        draggable="true"
        data-series=${seriesInstanceUid}
        aria-current=${String(this.shownSeries.includes(seriesInstanceUid))}
        @click=${() => this.select(studyInstanceUid, dataset)}
        @dragstart=${(event: DragEvent) => {
          event.dataTransfer?.setData(seriesDragType, JSON.stringify({ studyInstanceUid, seriesInstanceUid }));
          event.dataTransfer?.setData('text/plain', seriesInstanceUid);
          if (event.dataTransfer) event.dataTransfer.effectAllowed = 'copy';
        }}
      >
        ${thumbnail ? html`<img part="thumbnail" class="thumbnail" alt="" src=${thumbnail} />` : html`<span part="thumbnail" class="thumbnail"></span>`}
        <span class="label">
          <span><strong class="modality">${modality}</strong> <span class="number">${number ? `#${number}` : ''}</span></span>
          <span class="description">${description}</span>
          <span class="muted count">${count === undefined ? '' : this.msg.t(count === 1 ? 'seriesBrowser.oneImage' : 'seriesBrowser.images', { count })}</span>
        </span>
      </button>
    `;
  }

  private renderPriors(priors: DicomJsonDataset[]) {
    if (priors.length === 0) return nothing;
    return html`
      <section part="priors" aria-label=${this.msg.t('seriesBrowser.otherStudiesOfPatient')}>
        <h2>${this.msg.t('seriesBrowser.otherStudies')}</h2>
        <ul>
          ${priors.map((study) => {
            const uid = stringOf(study, 'StudyInstanceUID') ?? '';
            const open = this.openPriors.includes(uid);
            return html`<li>
              <button part="prior-study" class="prior-study" type="button" data-study=${uid} aria-expanded=${String(open)} @click=${() => this.togglePrior(uid)}>
                <span part="date" class="date">${this.msg.format.date(stringOf(study, 'StudyDate')) || this.msg.t('seriesBrowser.undated')}</span>
                ${stringOf(study, 'StudyDescription') ?? ''}
              </button>
            </li>`;
          })}
        </ul>
      </section>
    `;
  }

  /** Opens (or closes) a prior study: its series are listed, and its first image series is asked for beside the current. */
  private togglePrior(studyInstanceUid: string): void {
    if (this.openPriors.includes(studyInstanceUid)) {
      this.openPriors = this.openPriors.filter((uid) => uid !== studyInstanceUid);
      return;
    }
    this.openPriors = [...this.openPriors, studyInstanceUid];
    void this.loadPrior(studyInstanceUid).then((loaded) => {
      const first = loaded ? imageSeriesInOrder(loaded.series)[0] : undefined;
      const dataset = loaded?.series.find((series) => stringOf(series, 'SeriesInstanceUID') === first);
      if (first) this.dispatchEvent(new DicomSeriesSelectEvent({ studyInstanceUid, seriesInstanceUid: first, series: dataset, beside: true }));
    });
  }

  private loadPrior(studyInstanceUid: string): Promise<StudySeries | undefined> {
    const source = this.source;
    if (!source) return Promise.resolve(undefined);
    const signal = this.work.signal;
    const current = this.priorSeries.get(studyInstanceUid);
    if (current) return Promise.resolve(current instanceof Error ? undefined : current);
    this.priorSeries = new Map(this.priorSeries).set(studyInstanceUid, { series: [] });
    return Promise.all([seriesOfStudy(source, studyInstanceUid, signal), studyOf(source, studyInstanceUid, signal)]).then(
      ([series, study]) => {
        if (signal.aborted) return undefined;
        const loaded = { study, series };
        this.priorSeries = new Map(this.priorSeries).set(studyInstanceUid, loaded);
        return loaded;
      },
      (error: unknown) => {
        if (signal.aborted) return undefined;
        this.priorSeries = new Map(this.priorSeries).set(studyInstanceUid, error instanceof Error ? error : new Error(String(error)));
        this.reportError(error);
        return undefined;
      },
    );
  }

  private select(studyInstanceUid: string, dataset: DicomJsonDataset): void {
    const seriesInstanceUid = stringOf(dataset, 'SeriesInstanceUID');
    if (seriesInstanceUid) this.dispatchEvent(new DicomSeriesSelectEvent({ studyInstanceUid, seriesInstanceUid, series: dataset }));
  }

  private requestThumbnail(studyInstanceUid: string, seriesInstanceUid: string): void {
    const source = this.source;
    if (!source || !seriesInstanceUid || this.thumbnailRequests.has(seriesInstanceUid)) return;
    this.thumbnailRequests.add(seriesInstanceUid);
    const signal = this.work.signal;
    source
      .retrieveSeriesThumbnail(studyInstanceUid, seriesInstanceUid, { signal })
      .then((blob) => {
        if (signal.aborted) return;
        this.thumbnails = new Map(this.thumbnails).set(seriesInstanceUid, URL.createObjectURL(blob));
      })
      .catch(() => undefined); // a series without a picture keeps its label
  }

  /** Stops the requests of the study listed until now and frees its thumbnails. */
  private forgetWork(): void {
    this.work.abort();
    this.work = new AbortController();
    for (const url of this.thumbnails.values()) URL.revokeObjectURL(url);
    this.thumbnails = new Map();
    this.thumbnailRequests.clear();
  }

  private reportError(error: unknown): void {
    if ((error as Error)?.name === 'AbortError') return;
    this.dispatchEvent(new DicomErrorEvent(errorDetailOf(error, this.msg.t)));
  }
}

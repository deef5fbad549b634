import { html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { numberOf, stringOf, valuesOf, type DicomJsonDataset } from '../../dicomweb/dicom-json.js';
import { dateFromIso, daValueDaysBefore, isoDateOf } from '../../dicom/date-time.js';
import type { LocaleFormat } from '../../i18n/locale-format.js';
import { personNameForDisplay } from '../../dicom/person-name.js';
import type { DicomwebSource } from '../../dicomweb/source.js';
import { DicomwebSourceHolder } from '../shared/dicomweb-source-holder.js';
import { errorDetailOf } from '../shared/error-detail.js';
import { studyQuery, type StudyFilters } from '../../dicomweb/study-query.js';
import { DicomErrorEvent } from '../../events/error.js';
import { DicomStudySelectEvent } from '../../events/study-select.js';
import { studyListStyles } from './study-list.styles.js';
import type { Theme } from '../shared/theme.styles.js';
import { LocalizeController } from '../shared/localize-controller.js';
import type { MessageKey, Messages } from '../../i18n/messages-en.js';

/** A column of the result table: how to read it from a QIDO result, show it and sort it. */
interface Column {
  key: string;
  label: MessageKey;
  value(study: DicomJsonDataset): string | number;
  /** The cell's text in the element's locale (dates, numbers); without it, the value as it is. */
  show?(study: DicomJsonDataset, format: LocaleFormat): string;
  numeric?: boolean;
  /** Its share of the table's width, in percent: the table never grows wider than the element, a cell's text is cut. */
  width: number;
  /** Left out below this element width (px), where its share would leave too little to read. */
  hideBelow?: number;
}

const columns: Column[] = [
  { key: 'patient', label: 'studyList.column.patient', width: 17, value: (s) => stringOf(s, 'PatientName') ?? '', show: (s) => personNameForDisplay(stringOf(s, 'PatientName')) },
  { key: 'patient-id', label: 'studyList.column.patientId', width: 11, value: (s) => stringOf(s, 'PatientID') ?? '' },
  { key: 'birth-date', label: 'studyList.column.birthDate', width: 11, hideBelow: 640, value: (s) => stringOf(s, 'PatientBirthDate') ?? '', show: (s, format) => format.date(stringOf(s, 'PatientBirthDate')) },
  { key: 'study-date', label: 'studyList.column.studyDate', width: 11, value: (s) => `${stringOf(s, 'StudyDate') ?? ''}${stringOf(s, 'StudyTime') ?? ''}`, show: (s, format) => format.date(stringOf(s, 'StudyDate')) },
  { key: 'modality', label: 'studyList.column.modality', width: 8, value: (s) => valuesOf(s, 'ModalitiesInStudy').join(', ') },
  { key: 'description', label: 'studyList.column.description', width: 18, value: (s) => stringOf(s, 'StudyDescription') ?? '' },
  { key: 'accession', label: 'studyList.column.accession', width: 10, hideBelow: 640, value: (s) => stringOf(s, 'AccessionNumber') ?? '' },
  { key: 'series', label: 'studyList.column.series', width: 7, hideBelow: 480, value: (s) => numberOf(s, 'NumberOfStudyRelatedSeries') ?? 0, show: (s, format) => format.number(numberOf(s, 'NumberOfStudyRelatedSeries') ?? 0), numeric: true },
  { key: 'images', label: 'studyList.column.images', width: 7, hideBelow: 480, value: (s) => numberOf(s, 'NumberOfStudyRelatedInstances') ?? 0, show: (s, format) => format.number(numberOf(s, 'NumberOfStudyRelatedInstances') ?? 0), numeric: true },
];

/** A column's classes: `number` aligns right; `hide-below-N` leaves it out of a narrow element (study-list.styles.ts). */
const columnClass = (column: Column) => [column.numeric ? 'number' : '', column.hideBelow ? `hide-below-${column.hideBelow}` : ''].filter(Boolean).join(' ');

const modalities = ['CT', 'MR', 'US', 'CR', 'DX', 'MG', 'NM', 'PT', 'XA', 'RF', 'SC', 'OT'];

type QuickPick = 'today' | 'last-7-days' | 'last-30-days' | 'any';

const filterKeys = ['patientName', 'patientId', 'studyDateFrom', 'studyDateTo', 'modality', 'accessionNumber', 'studyDescription'] as const;
const filterValues = (filters: StudyFilters) => filterKeys.map((key) => filters[key] ?? '');

/**
 * @tag dicom-study-list
 * @summary Searches a DICOMweb server for studies (QIDO-RS) and lists them: patient name (wildcards), patient ID,
 * date range with quick picks, modality, accession number and description; sortable, paged, keyboard operable.
 *
 * @event {DicomStudySelectEvent} dicom-study-select - The user opened a study (Enter or double-click on its row).
 * @event {DicomErrorEvent} dicom-error - A search failed.
 *
 * @csspart form - The search form.
 * @csspart table - The result table.
 * @csspart row - A result row.
 * @csspart status - The searching, empty and error messages.
 * @csspart pager - The paging controls.
 *
 * @cssproperty --dicom-color-surface - Page-wide: the background of every element's chrome (the theme's unless set).
 * @cssproperty --dicom-color-text - Page-wide: text.
 * @cssproperty --dicom-color-text-muted - Page-wide: labels, secondary text and messages.
 * @cssproperty --dicom-color-border - Page-wide: lines and field borders.
 * @cssproperty --dicom-color-accent - Page-wide: focus rings, primary buttons, progress.
 * @cssproperty --dicom-color-hover - Page-wide: background under the pointer.
 * @cssproperty --dicom-color-active - Page-wide: background of the current or selected item.
 * @cssproperty --dicom-color-error - Page-wide: error text.
 * @cssproperty --dicom-study-list-background - Defaults to `--dicom-color-surface`.
 * @cssproperty --dicom-study-list-text-color - Defaults to `--dicom-color-text`.
 * @cssproperty --dicom-study-list-muted-color - Labels and messages.
 * @cssproperty --dicom-study-list-border-color - Lines between rows and around fields.
 * @cssproperty --dicom-study-list-accent - Focus ring and the search button.
 * @cssproperty --dicom-study-list-row-hover - Background of the row under the pointer.
 * @cssproperty --dicom-study-list-row-active - Background of the current row.
 * @cssproperty --dicom-study-list-error-color - Error text.
 * @cssproperty --dicom-study-list-font - Font.
 */
export class DicomStudyList extends LitElement {
  static override styles = studyListStyles;

  /** The palette: `light`, `dark`, or unset to follow the reader's `prefers-color-scheme`. Page-set `--dicom-color-*` tokens win over both. */
  @property({ reflect: true }) theme: Theme = '';

  private readonly msg = new LocalizeController(this);

  /**
   * Words for this element only, over its language's table: a partial `Messages` (`{ 'toolbar.invert': 'Negative' }`).
   * What it lacks comes from the language of `lang`; parts shown inside the element take it too.
   */
  @property({ attribute: false }) messages?: Partial<Messages>;

  /** The DICOMweb service root. Ignored when `source` is set. */
  @property({ attribute: 'dicomweb-root' }) dicomwebRoot = '';

  /** Patient name filter (`*` and `?` wildcards; a bare word matches names that start with it). */
  @property({ attribute: 'patient-name' }) patientName = '';

  /**
   * Patient ID. Set by the page, it is a fixed filter the user cannot change: a portal shows one patient's
   * studies and nothing else.
   */
  @property({ attribute: 'patient-id' }) patientId = '';

  /** First study date, `YYYYMMDD`. */
  @property({ attribute: 'study-date-from' }) studyDateFrom = '';

  /** Last study date, `YYYYMMDD`. */
  @property({ attribute: 'study-date-to' }) studyDateTo = '';

  /** Modality in the study (ModalitiesInStudy), e.g. `CT`. */
  @property() modality = '';

  @property({ attribute: 'accession-number' }) accessionNumber = '';

  /** Words of the study description (matched anywhere in it). */
  @property({ attribute: 'study-description' }) studyDescription = '';

  /** Studies a page (QIDO `limit`). */
  @property({ attribute: 'page-size', type: Number }) pageSize = 25;

  /**
   * The day the date quick picks ("Today", "Last 7 days", …) count back from, in local time; unset, the day they
   * are picked. A page whose idea of today differs from the machine's (a server's clock, a test) sets it.
   */
  @property({ attribute: false }) today?: Date;

  @state() private offset = 0;
  @state() private sortKey?: string;
  @state() private sortDescending = false;
  @state() private activeIndex = 0;
  @state() private quickPick?: QuickPick;
  /** The patient ID typed in the form, used when the page set none. */
  @state() private typedPatientId = '';

  private readonly sources = new DicomwebSourceHolder();

  private readonly searchTask = new Task(this, {
    // Flat values: the task runs again when one of them changes, not on every render.
    args: () => [this.source, ...filterValues(this.filters()), this.offset, this.pageSize] as const,
    task: async ([source, ...rest], { signal }) => {
      if (!source) return { studies: [] as DicomJsonDataset[], more: false };
      const filters = this.filters();
      const [offset, pageSize] = rest.slice(-2) as [number, number];
      // One more than a page tells whether there is a next page without a count (QIDO-RS has none).
      const results = await source.searchForStudies(studyQuery(filters, { limit: pageSize + 1, offset }), { signal });
      this.activeIndex = 0;
      return { studies: results.slice(0, pageSize), more: results.length > pageSize };
    },
    onError: (error) => {
      if ((error as Error)?.name === 'AbortError') return;
      this.dispatchEvent(new DicomErrorEvent(errorDetailOf(error, this.msg.t)));
    },
  });

  /** The DICOMweb source searched; made from `dicomweb-root` unless one is assigned. */
  get source(): DicomwebSource | undefined {
    return this.sources.sourceFor(this.dicomwebRoot);
  }

  set source(source: DicomwebSource | undefined) {
    const old = this.source;
    this.sources.assign(source);
    this.requestUpdate('source', old);
  }

  /** The studies on the current page, in the order shown. */
  get studies(): DicomJsonDataset[] {
    return this.sorted(this.searchTask.value?.studies ?? []);
  }

  /** Runs the search again with the current filters (e.g. after new studies arrived). */
  search(): void {
    void this.searchTask.run();
  }

  protected override render() {
    return html`${this.renderForm()} ${this.renderResults()}`;
  }

  private filters(): StudyFilters {
    return {
      patientName: this.patientName,
      patientId: this.patientId || this.typedPatientId,
      studyDateFrom: this.studyDateFrom,
      studyDateTo: this.studyDateTo,
      modality: this.modality,
      accessionNumber: this.accessionNumber,
      studyDescription: this.studyDescription,
    };
  }

  private renderForm() {
    const lockedPatient = Boolean(this.patientId);
    const pick = (id: QuickPick, label: string) =>
      html`<button type="button" aria-pressed=${String(this.quickPick === id)} @click=${() => this.pickDates(id)}>${label}</button>`;
    return html`
      <form part="form" role="search" aria-label=${this.msg.t('studyList.search')} @submit=${this.onSubmit}>
        <label>${this.msg.t('studyList.patientName')} <input name="patientName" .value=${this.patientName} placeholder=${this.msg.t('studyList.patientNamePlaceholder')} autocomplete="off" /></label>
        <label
          >${this.msg.t('studyList.patientId')}
          <input name="patientId" .value=${lockedPatient ? this.patientId : this.typedPatientId} ?readonly=${lockedPatient} autocomplete="off"
        /></label>
        <label>${this.msg.t('studyList.from')} <input name="studyDateFrom" type="date" .value=${isoDateOf(this.studyDateFrom) ?? ''} /></label>
        <label>${this.msg.t('studyList.to')} <input name="studyDateTo" type="date" .value=${isoDateOf(this.studyDateTo) ?? ''} /></label>
        <div class="quick-picks" role="group" aria-label=${this.msg.t('studyList.studyDate')}>
          ${pick('today', this.msg.t('studyList.today'))} ${pick('last-7-days', this.msg.t('studyList.last7Days'))} ${pick('last-30-days', this.msg.t('studyList.last30Days'))} ${pick('any', this.msg.t('studyList.anyDate'))}
        </div>
        <label
          >${this.msg.t('studyList.modality')}
          <select name="modality" .value=${this.modality}>
            <option value="">${this.msg.t('studyList.anyModality')}</option>
            ${modalities.map((modality) => html`<option value=${modality} ?selected=${modality === this.modality}>${modality}</option>`)}
          </select>
        </label>
        <label>${this.msg.t('studyList.accession')} <input name="accessionNumber" .value=${this.accessionNumber} autocomplete="off" /></label>
        <label>${this.msg.t('studyList.description')} <input name="studyDescription" .value=${this.studyDescription} autocomplete="off" /></label>
        <button type="submit">${this.msg.t('studyList.submit')}</button>
      </form>
    `;
  }

  private renderResults() {
    return this.searchTask.render({
      initial: () => nothing,
      pending: () => html`<div part="status" class="status" role="status">${this.msg.t('studyList.searching')}</div>${this.renderTable(this.studies)}`,
      error: (error) => html`<div part="status" class="status status--error" role="alert">
          ${errorDetailOf(error, this.msg.t).message}
          <button type="button" @click=${() => this.search()}>${this.msg.t('studyList.tryAgain')}</button>
        </div>`,
      complete: ({ studies, more }) =>
        studies.length === 0 && this.offset === 0
          ? html`<div part="status" class="status" role="status">${this.msg.t('studyList.noMatch')}</div>`
          : html`${this.renderTable(this.sorted(studies))} ${this.renderPager(studies.length, more)}`,
    });
  }

  private renderTable(studies: DicomJsonDataset[]) {
    if (studies.length === 0) return nothing;
    return html`
      <div class="table-scroll">
      <table part="table" aria-label=${this.msg.t('studyList.studies')} aria-rowcount=${studies.length + 1}>
        <colgroup>
          ${columns.map((column) => html`<col class=${columnClass(column)} style=${`width: ${column.width}%`} />`)}
        </colgroup>
        <thead>
          <tr>
            ${columns.map(
              (column) => html`<th
                scope="col"
                class=${columnClass(column)}
                aria-sort=${this.sortKey === column.key ? (this.sortDescending ? 'descending' : 'ascending') : 'none'}
              >
                <button type="button" title=${this.msg.t(column.label)} @click=${() => this.sortBy(column.key)}>${this.msg.t(column.label)}</button>
              </th>`,
            )}
          </tr>
        </thead>
        <tbody @keydown=${this.onRowKey}>
          ${studies.map(
            (study, index) => html`<tr
              part="row"
              tabindex=${index === this.activeIndex ? 0 : -1}
              aria-selected=${String(index === this.activeIndex)}
              data-study=${stringOf(study, 'StudyInstanceUID') ?? ''}
              @click=${() => (this.activeIndex = index)}
              @dblclick=${() => this.select(study)}
            >
              ${columns.map((column) => {
                const text = String(column.show ? column.show(study, this.msg.format) : column.value(study));
                // A cut cell says its whole text on hover; a screen reader reads the cell's text whole anyway.
                return html`<td class=${columnClass(column)} title=${text || nothing}>${text}</td>`;
              })}
            </tr>`,
          )}
        </tbody>
      </table>
      </div>
    `;
  }

  private renderPager(count: number, more: boolean) {
    if (this.offset === 0 && !more) return nothing;
    return html`<div part="pager" class="pager">
      <span>${this.msg.t('studyList.range', { first: count ? this.offset + 1 : 0, last: this.offset + count })}</span>
      <button type="button" ?disabled=${this.offset === 0} @click=${() => (this.offset = Math.max(0, this.offset - this.pageSize))}>
        ${this.msg.t('studyList.previous')}
      </button>
      <button type="button" ?disabled=${!more} @click=${() => (this.offset += this.pageSize)}>${this.msg.t('studyList.next')}</button>
    </div>`;
  }

  private sorted(studies: DicomJsonDataset[]): DicomJsonDataset[] {
    const column = columns.find((candidate) => candidate.key === this.sortKey);
    if (!column) return studies;
    const direction = this.sortDescending ? -1 : 1;
    return [...studies].sort((a, b) => {
      const [x, y] = [column.value(a), column.value(b)];
      return direction * (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y)));
    });
  }

  private sortBy(key: string): void {
    this.sortDescending = this.sortKey === key ? !this.sortDescending : false;
    this.sortKey = key;
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const before = [...filterValues(this.filters()), this.offset].join('\u0000');
    const form = new FormData(event.target as HTMLFormElement);
    const field = (name: string) => String(form.get(name) ?? '').trim();
    this.patientName = field('patientName');
    if (!this.patientId) this.typedPatientId = field('patientId');
    this.studyDateFrom = dateFromIso(field('studyDateFrom'));
    this.studyDateTo = dateFromIso(field('studyDateTo'));
    this.modality = field('modality');
    this.accessionNumber = field('accessionNumber');
    this.studyDescription = field('studyDescription');
    this.quickPick = undefined;
    this.offset = 0;
    // The same filters again still mean "search again": results may have changed on the server.
    if ([...filterValues(this.filters()), this.offset].join('\u0000') === before) this.search();
  }

  private pickDates(pick: QuickPick): void {
    const today = this.today ?? new Date();
    const daysAgo = (days: number) => daValueDaysBefore(today, days);
    const ranges: Record<QuickPick, [string, string]> = {
      today: [daysAgo(0), daysAgo(0)],
      'last-7-days': [daysAgo(6), daysAgo(0)],
      'last-30-days': [daysAgo(29), daysAgo(0)],
      any: ['', ''],
    };
    [this.studyDateFrom, this.studyDateTo] = ranges[pick];
    this.quickPick = pick;
    this.offset = 0;
  }

  private onRowKey(event: KeyboardEvent): void {
    const count = this.studies.length;
    const moves: Record<string, number> = { ArrowDown: this.activeIndex + 1, ArrowUp: this.activeIndex - 1, Home: 0, End: count - 1 };
    if (event.key === 'Enter') {
      const study = this.studies[this.activeIndex];
      if (study) this.select(study);
      event.preventDefault();
      return;
    }
    if (!(event.key in moves)) return;
    event.preventDefault();
    this.activeIndex = Math.min(Math.max(0, moves[event.key]!), count - 1);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('tbody tr[tabindex="0"]')?.focus());
  }

  private select(study: DicomJsonDataset): void {
    this.dispatchEvent(
      new DicomStudySelectEvent({
        studyInstanceUid: stringOf(study, 'StudyInstanceUID') ?? '',
        patientId: stringOf(study, 'PatientID'),
        patientName: stringOf(study, 'PatientName'),
        study,
      }),
    );
  }
}

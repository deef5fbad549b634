// The demo page: search studies (QIDO-RS), open one, list its series and show one. A study opens from the URL too:
// `?study=…&series=…`, or the IHE Invoke Image Display parameters an EHR launches viewers with. A share link adds
// `#share=<token>`: every request then carries that token (the fragment never leaves the browser by itself).
import { DicomwebSource, dateForDisplay, personNameForDisplay, stringOf } from '/lib/dicom-lightbox.js';

const value = (dataset, keyword) => stringOf(dataset, keyword) ?? '';
const params = new URLSearchParams(location.search);
const viewport = document.getElementById('viewport');
const studyList = document.getElementById('study-list');
const summary = document.getElementById('study-summary');
const seriesList = document.getElementById('series-list');
const source = new DicomwebSource(viewport.getAttribute('dicomweb-root'));
const shareToken = new URLSearchParams(location.hash.slice(1)).get('share');
if (shareToken) source.getAuthorization = () => `Bearer ${shareToken}`;
// One backend, one source: the list and the viewport share its auth hook.
studyList.source = source;
viewport.source = source;

function remember(studyUid, seriesUid) {
  const url = new URL(location.href);
  for (const name of ['requestType', 'studyUID', 'patientID']) url.searchParams.delete(name);
  url.searchParams.set('study', studyUid);
  if (seriesUid) url.searchParams.set('series', seriesUid);
  else url.searchParams.delete('series');
  history.replaceState(null, '', url);
}

function showSeries(studyUid, seriesUid, button) {
  for (const other of seriesList.querySelectorAll('button')) other.setAttribute('aria-pressed', String(other === button));
  viewport.study = studyUid;
  viewport.series = seriesUid;
  remember(studyUid, seriesUid);
}

async function openStudy(studyUid, wantedSeries) {
  seriesList.replaceChildren();
  const [study] = await source.searchForStudies({ StudyInstanceUID: studyUid, includefield: ['StudyDescription'] });
  if (!study) {
    summary.textContent = `Study ${studyUid} was not found.`;
    return;
  }
  summary.textContent = [
    `${personNameForDisplay(value(study, 'PatientName'))} (${value(study, 'PatientID')})`,
    dateForDisplay(value(study, 'StudyDate')),
    value(study, 'StudyDescription'),
  ].filter(Boolean).join(' · ');
  const series = (await source.searchForSeries(studyUid)).sort((a, b) => Number(value(a, 'SeriesNumber')) - Number(value(b, 'SeriesNumber')));
  for (const item of series) {
    const button = document.createElement('button');
    button.type = 'button';
    const thumbnail = document.createElement('img');
    thumbnail.alt = '';
    const label = document.createElement('span');
    label.textContent = `${value(item, 'Modality')} ${value(item, 'SeriesNumber')}: ${value(item, 'SeriesDescription')} (${value(item, 'NumberOfSeriesRelatedInstances')})`;
    button.append(thumbnail, label);
    // The backend's thumbnail, or a rendered frame where it has none; a series without either keeps its label only.
    source
      .retrieveSeriesThumbnail(studyUid, value(item, 'SeriesInstanceUID'))
      .then((blob) => (thumbnail.src = URL.createObjectURL(blob)))
      .catch(() => thumbnail.remove());
    button.addEventListener('click', () => showSeries(studyUid, value(item, 'SeriesInstanceUID'), button));
    seriesList.append(button);
  }
  const index = Math.max(0, series.findIndex((item) => value(item, 'SeriesInstanceUID') === wantedSeries));
  if (series[index]) showSeries(studyUid, value(series[index], 'SeriesInstanceUID'), seriesList.children[index]);
  else remember(studyUid);
}

studyList.addEventListener('dicom-study-select', (event) => {
  openStudy(event.detail.studyInstanceUid).catch((error) => (summary.textContent = error.message));
});

// IHE IID (ITI TF-1 Invoke Image Display): requestType=STUDY&studyUID=… or requestType=PATIENT&patientID=….
const requestType = params.get('requestType')?.toUpperCase();
const studyFromUrl = params.get('study') ?? (requestType === 'STUDY' ? params.get('studyUID')?.split(',')[0] : null);
if (requestType === 'PATIENT' && params.get('patientID')) {
  studyList.patientId = params.get('patientID');
  summary.textContent = `Studies of patient ${params.get('patientID')}.`;
}
if (studyFromUrl) openStudy(studyFromUrl, params.get('series')).catch((error) => (summary.textContent = error.message));

// The demo page: search studies (QIDO-RS), open one in <dicom-viewer> (its series browser, grid and synchronized
// viewports); the list folds away once a study is open. A study opens from the URL too: `?study=…&series=…`, or the
// IHE Invoke Image Display parameters an EHR launches viewers with; `&layout=2x2` chooses the grid. A share link adds
// `#share=<token>`: every request then carries that token (the fragment never leaves the browser by itself).
import { DicomwebSource, dateForDisplay, personNameForDisplay, stringOf } from '/lib/dicom-lightbox.js';

const value = (dataset, keyword) => stringOf(dataset, keyword) ?? '';
const params = new URLSearchParams(location.search);
const viewer = document.getElementById('viewer');
const studyList = document.getElementById('study-list');
const studies = document.getElementById('studies');
const toggle = document.getElementById('toggle-studies');
const summary = document.getElementById('study-summary');
const source = new DicomwebSource(viewer.getAttribute('dicomweb-root'));
const shareToken = new URLSearchParams(location.hash.slice(1)).get('share');
if (shareToken) source.getAuthorization = () => `Bearer ${shareToken}`;
// One backend, one source: the list and the viewer share its auth hook.
studyList.source = source;
viewer.source = source;
if (params.get('layout')) viewer.layout = params.get('layout');

function showStudies(shown) {
  studies.hidden = !shown;
  toggle.setAttribute('aria-expanded', String(shown));
  toggle.textContent = shown ? 'Hide studies' : 'Studies';
}

toggle.addEventListener('click', () => showStudies(studies.hidden));

function remember(studyUid, seriesUid) {
  const url = new URL(location.href);
  for (const name of ['requestType', 'studyUID', 'patientID']) url.searchParams.delete(name);
  url.searchParams.set('study', studyUid);
  if (seriesUid) url.searchParams.set('series', seriesUid);
  else url.searchParams.delete('series');
  history.replaceState(null, '', url);
}

async function openStudy(studyUid, wantedSeries) {
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
  // The list folds away; the header's button brings it back.
  toggle.hidden = false;
  showStudies(false);
  await viewer.loadStudy(studyUid, wantedSeries ? { series: [wantedSeries] } : {});
  remember(studyUid, wantedSeries);
}

studyList.addEventListener('dicom-study-select', (event) => {
  openStudy(event.detail.studyInstanceUid).catch((error) => (summary.textContent = error.message));
});
viewer.addEventListener('dicom-series-select', (event) => remember(event.detail.studyInstanceUid, event.detail.seriesInstanceUid));
viewer.addEventListener('dicom-error', (event) => (summary.textContent = event.detail.message));

// IHE IID (ITI TF-1 Invoke Image Display): requestType=STUDY&studyUID=… or requestType=PATIENT&patientID=….
const requestType = params.get('requestType')?.toUpperCase();
const studyFromUrl = params.get('study') ?? (requestType === 'STUDY' ? params.get('studyUID')?.split(',')[0] : null);
if (requestType === 'PATIENT' && params.get('patientID')) {
  studyList.patientId = params.get('patientID');
  summary.textContent = `Studies of patient ${params.get('patientID')}.`;
}
if (studyFromUrl) openStudy(studyFromUrl, params.get('series')).catch((error) => (summary.textContent = error.message));

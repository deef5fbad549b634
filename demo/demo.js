// The demo page: finds a study over QIDO-RS (the one in the URL, or the first), lists its series and shows one.
import { DicomwebSource, stringOf } from '/lib/dicom-lightbox.js';

const value = (dataset, keyword) => stringOf(dataset, keyword) ?? '';

const params = new URLSearchParams(location.search);
const viewport = document.getElementById('viewport');
const summary = document.getElementById('study-summary');
const seriesList = document.getElementById('series-list');
const source = new DicomwebSource(viewport.getAttribute('dicomweb-root'));

function showSeries(study, series, button) {
  for (const other of seriesList.querySelectorAll('button')) other.setAttribute('aria-pressed', String(other === button));
  viewport.study = study;
  viewport.series = series;
  const url = new URL(location.href);
  url.searchParams.set('study', study);
  url.searchParams.set('series', series);
  history.replaceState(null, '', url);
}

async function main() {
  const studies = await source.searchForStudies(params.get('study') ? { StudyInstanceUID: params.get('study') } : { limit: 1 });
  if (studies.length === 0) {
    summary.textContent = 'No study found. Start the server with a folder of DICOM files, or with --sample.';
    return;
  }
  const study = studies[0];
  const studyUid = value(study, 'StudyInstanceUID');
  summary.textContent = `${value(study, 'PatientName').replace(/\^/g, ', ')} (${value(study, 'PatientID')}) · ${value(study, 'StudyDate')} · ${value(study, 'StudyDescription')}`;
  const series = (await source.searchForSeries(studyUid)).sort((a, b) => Number(value(a, 'SeriesNumber')) - Number(value(b, 'SeriesNumber')));
  for (const item of series) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = `${value(item, 'Modality')} ${value(item, 'SeriesNumber')}: ${value(item, 'SeriesDescription')} (${value(item, 'NumberOfSeriesRelatedInstances')})`;
    button.addEventListener('click', () => showSeries(studyUid, value(item, 'SeriesInstanceUID'), button));
    seriesList.append(button);
  }
  const wanted = params.get('series');
  const index = Math.max(0, series.findIndex((item) => value(item, 'SeriesInstanceUID') === wanted));
  if (series[index]) showSeries(studyUid, value(series[index], 'SeriesInstanceUID'), seriesList.children[index]);
}

main().catch((error) => {
  summary.textContent = `Could not search for studies: ${error.message}`;
});

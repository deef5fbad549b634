// A TID 1500 report as another tool writes one, made by DCMTK (xml2dsr) from the checked-in template
// fixtures/measurement-report-other-tool.xml with the fields filled: shared by the unit and the server tests.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface OtherToolReportImage {
  patientId: string;
  patientName: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  sopClassUid: string;
}

/** Where the template's measurements lie, in image coordinates ("x/y,…"), and its report's identity. */
export const otherToolGeometry = {
  length: '100/100,160/180',
  lengthMm: '50',
  ellipse: '200/250,260/250,230/240,230/260',
  polygon: '10/10,40/10,30/30,20/40,10/30,10/10',
  circle: '50/50,60/50',
};

/** The Part 10 bytes of the other tool's report on `image`, with the given report UIDs. */
export async function otherToolReport(image: OtherToolReportImage, report: { seriesInstanceUid: string; sopInstanceUid: string }): Promise<Uint8Array> {
  const template = await readFile(new URL('./fixtures/measurement-report-other-tool.xml', import.meta.url), 'utf8');
  const fields: Record<string, string> = {
    PATIENT_ID: image.patientId,
    PATIENT_NAME: image.patientName,
    STUDY_UID: image.studyInstanceUid,
    SERIES_UID: image.seriesInstanceUid,
    SOP_UID: image.sopInstanceUid,
    SOP_CLASS_UID: image.sopClassUid,
    REPORT_SERIES_UID: report.seriesInstanceUid,
    REPORT_SOP_UID: report.sopInstanceUid,
    LENGTH_POINTS: otherToolGeometry.length,
    LENGTH_MM: otherToolGeometry.lengthMm,
    ELLIPSE_POINTS: otherToolGeometry.ellipse,
    POLYGON_POINTS: otherToolGeometry.polygon,
    CIRCLE_POINTS: otherToolGeometry.circle,
  };
  for (let n = 1; n <= 5; n++) fields[`UID_${n}`] = `${report.sopInstanceUid}.${n}`;
  const xml = template.replace(/\{\{(\w+)\}\}/g, (_whole, name: string) => {
    if (!(name in fields)) throw new Error(`the template's field ${name} has no value`);
    return fields[name]!;
  });
  const folder = await mkdtemp(join(tmpdir(), 'other-tool-report-'));
  try {
    await writeFile(join(folder, 'report.xml'), xml);
    await run('xml2dsr', [join(folder, 'report.xml'), join(folder, 'report.dcm')]);
    return new Uint8Array(await readFile(join(folder, 'report.dcm')));
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

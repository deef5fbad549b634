// Measurements as a DICOM Structured Report following TID 1500 (Measurement Report), and back: the encoding is
// @cornerstonejs/adapters' (Cornerstone's tool adapters over dcmjs's TID 300 templates), so a report made here opens
// in OHIF and one made by another TID 1500 writer opens here as far as its content goes. No DOM: it runs in the
// browser (a chunk of its own, loaded when a report is saved or found) and under Node.
//
// The adapters speak Cornerstone's world coordinates through Cornerstone's metadata. Our measurements are in image
// coordinates already, so both directions run in an image space of their own: annotations whose "world" points are
// the image points, and report images whose plane makes image and world coordinates the same.
// Only the report and the adapters of our tools (each registers itself when imported), not the package's index: that
// brings segmentation, RT and parametric-map adapters whose imports would grow the engine chunk they share.
import MeasurementReport from '@cornerstonejs/adapters/cornerstone3D/MeasurementReport';
import { english } from '../i18n/localizer.js';
import { skippedContentMessage, type SkippedContent } from '../i18n/skipped-content-message.js';
import '@cornerstonejs/adapters/cornerstone3D/Length';
import '@cornerstonejs/adapters/cornerstone3D/Angle';
import '@cornerstonejs/adapters/cornerstone3D/CobbAngle';
import '@cornerstonejs/adapters/cornerstone3D/Bidirectional';
import '@cornerstonejs/adapters/cornerstone3D/EllipticalROI';
import '@cornerstonejs/adapters/cornerstone3D/RectangleROI';
import '@cornerstonejs/adapters/cornerstone3D/PlanarFreehandROI';
import '@cornerstonejs/adapters/cornerstone3D/Probe';
import '@cornerstonejs/adapters/cornerstone3D/ArrowAnnotate';
import { setWorldToImageCoords } from '@cornerstonejs/adapters/helpers/toScoordType';
import { metaData, type Types } from '@cornerstonejs/core';
// @ts-ignore -- dcmjs ships no type declarations; the little of it used here is typed below.
import * as dcmjsModule from 'dcmjs';
import type { DicomJsonDataset } from '../dicomweb/dicom-json.js';
import { measurementTypes, type Measurement, type MeasurementType, type MeasurementValueName } from './measurement.js';
// Plain data: the report's chunk gets the tools' names without their classes.
import { toolDescriptors, type ToolDescriptor } from '../tools/tool-registry.js';

type NaturalDataset = Record<string, unknown>;

interface DcmjsData {
  DicomMetaDictionary: { naturalizeDataset(dataset: Record<string, unknown>): NaturalDataset };
  DicomMessage: { readFile(buffer: ArrayBuffer): { dict: Record<string, unknown> } };
  datasetToDict(dataset: NaturalDataset): { write(): ArrayBuffer };
}

const dcmjsData = (dcmjsModule as unknown as { data: DcmjsData }).data;
const { DicomMetaDictionary } = dcmjsData;

/** The adapters' tool type for each of our measurement types (the tool registry's data); a text label has none. */
const adapterToolTypes = Object.fromEntries(
  measurementTypes.map((type) => [type, (toolDescriptors as readonly ToolDescriptor[]).find(({ name }) => name === type)?.srToolType]),
) as Record<MeasurementType, string | undefined>;

const measurementTypeOfTool = new Map(Object.entries(adapterToolTypes).filter(([, tool]) => tool).map(([type, tool]) => [tool!, type as MeasurementType]));

/** The prefix of the image ids of the report's own image space (never a Cornerstone image). */
const reportImagePrefix = 'dicom-lightbox-sr:';

export interface ReportOptions {
  /** The series the report joins (that of the report it follows); a new series when absent. */
  seriesInstanceUid?: string;
  /** Its number in the series. */
  instanceNumber?: number;
  seriesNumber?: number;
  seriesDescription?: string;
}

export interface WrittenReport {
  /** The Part 10 file. */
  bytes: Uint8Array;
  sopInstanceUid: string;
  seriesInstanceUid: string;
  studyInstanceUid: string;
  /** How many measurements it holds. */
  written: number;
  /** What could not be written, and why. */
  skipped: string[];
}

/** A measurement read from a report: where it lies and its points; its values are recomputed from the image. */
export interface ReportMeasurement {
  /** The measurement group's Tracking Unique Identifier: the same measurement keeps it each time the report is read. */
  id: string;
  type: MeasurementType;
  label: string;
  sopInstanceUid: string;
  frameNumber: number;
  /** [x, y] image coordinates (the top-left corner of the top-left pixel at [0, 0]). */
  points: Array<[number, number]>;
  /** The SOP Class of the image, as the report names it. */
  sopClassUid?: string;
}

export interface ReadReport {
  sopInstanceUid: string;
  seriesInstanceUid: string;
  measurements: ReportMeasurement[];
  /** What the report holds that could not be loaded, and why: in English, and as facts an element says in its language. */
  skipped: string[];
  skippedContent: SkippedContent[];
}

function unitOf(measurement: Measurement, name: MeasurementValueName): string | undefined {
  return measurement.values.find((value) => value.name === name)?.unit;
}

/** Cornerstone's cached statistics of a measurement, from our values: what the adapters write as its NUM items. */
function cachedStatsOf(measurement: Measurement): Record<string, unknown> {
  // A DS value holds 16 characters: ten significant digits always fit, and are more than any measurement has.
  const valueOf = (of: Measurement, name: MeasurementValueName) => {
    const value = of.values.find((item) => item.name === name)?.value;
    return value === undefined ? undefined : Number(value.toPrecision(10));
  };
  switch (measurement.type) {
    case 'length':
      return { length: valueOf(measurement, 'length'), unit: unitOf(measurement, 'length') };
    case 'angle':
    case 'cobb-angle':
      return { angle: valueOf(measurement, 'angle') };
    case 'bidirectional':
      return { length: valueOf(measurement, 'long-axis'), width: valueOf(measurement, 'short-axis'), unit: unitOf(measurement, 'long-axis') };
    case 'ellipse-roi':
    case 'rectangle-roi':
    case 'freehand-roi':
      return {
        area: valueOf(measurement, 'area'),
        areaUnit: unitOf(measurement, 'area'),
        mean: valueOf(measurement, 'mean'),
        stdDev: valueOf(measurement, 'standard-deviation'),
        min: valueOf(measurement, 'min'),
        max: valueOf(measurement, 'max'),
        modalityUnit: unitOf(measurement, 'mean'),
      };
    case 'probe':
      return { value: valueOf(measurement, 'value'), modalityUnit: unitOf(measurement, 'value') };
    default:
      return {};
  }
}

function reportImageId(sopInstanceUid: string, frameNumber: number): string {
  return `${reportImagePrefix}${sopInstanceUid}:${frameNumber}`;
}

/** A measurement as the Cornerstone annotation the adapters read, its world points being its image points. */
function annotationOf(measurement: Measurement, imageId: string): Record<string, unknown> {
  const points = measurement.points.image.map(([x, y]) => [x, y, 0]);
  const freehand = measurement.type === 'freehand-roi';
  return {
    annotationUID: measurement.id,
    metadata: { toolName: adapterToolTypes[measurement.type], referencedImageId: imageId, FrameOfReferenceUID: '' },
    data: {
      label: measurement.label,
      text: measurement.label,
      // Our arrows point at their first point, as Cornerstone's arrow tool draws them by default.
      handles: { points: freehand ? [] : points, textBox: {}, arrowFirst: true },
      ...(freehand ? { contour: { polyline: points, closed: true } } : {}),
      cachedStats: { [`imageId:${imageId}`]: cachedStatsOf(measurement) },
    },
  };
}

/**
 * A TID 1500 Measurement Report of the measurements (each on an image whose header `headerOf` gives), a new
 * instance: a report is never rewritten, a later one supersedes it.
 */
export function writeMeasurementReport(
  measurements: readonly Measurement[],
  headerOf: (sopInstanceUid: string) => DicomJsonDataset | undefined,
  options: ReportOptions = {},
): WrittenReport {
  const skipped: string[] = [];
  const toolState: Record<string, Record<string, { data: unknown[] }>> = {};
  const instances = new Map<string, NaturalDataset>();
  for (const measurement of measurements) {
    const toolType = adapterToolTypes[measurement.type];
    if (!toolType) {
      skipped.push(`${measurement.type} "${measurement.label}": TID 1500 has no form for it`);
      continue;
    }
    const { sopInstanceUid, frameNumber = 1 } = measurement.image;
    const header = headerOf(sopInstanceUid);
    if (!header) {
      skipped.push(`${measurement.type} "${measurement.label}": its image ${sopInstanceUid} is not known`);
      continue;
    }
    const imageId = reportImageId(sopInstanceUid, frameNumber);
    if (!instances.has(imageId)) instances.set(imageId, { ...DicomMetaDictionary.naturalizeDataset(header as Record<string, unknown>), frameNumber });
    const tools = (toolState[imageId] ??= {});
    (tools[toolType] ??= { data: [] }).data.push(annotationOf(measurement, imageId));
  }
  if (instances.size === 0) throw new RangeError(`No measurement to write${skipped.length ? ` (${skipped.join('; ')})` : ''}`);

  const metadataProvider = {
    get(type: string, imageId: string): unknown {
      const instance = instances.get(imageId);
      if (!instance) return undefined;
      if (type === 'instance') return instance;
      if (type === 'frameNumber') return instance.frameNumber;
      if (type === 'sopCommonModule') return { sopInstanceUID: instance.SOPInstanceUID, sopClassUID: instance.SOPClassUID };
      return undefined;
    },
  };
  const reportOptions = {
    SeriesInstanceUID: options.seriesInstanceUid,
    SeriesNumber: String(options.seriesNumber ?? 9001),
    SeriesDescription: options.seriesDescription ?? 'Measurements',
    InstanceNumber: options.instanceNumber ?? 1,
    Manufacturer: 'dicom-lightbox',
    ManufacturerModelName: 'dicom-lightbox',
  };
  // Image points are the annotations' "world" points: the adapters' conversion to image coordinates is the identity.
  setWorldToImageCoords((_imageId: string, point: Types.Point3) => [point[0], point[1]] as Types.Point2);
  let report: { dataset: NaturalDataset };
  try {
    report = MeasurementReport.generateReport(toolState, metadataProvider, reportOptions);
  } finally {
    setWorldToImageCoords();
  }
  const dataset = report.dataset;
  // dcmjs's derived datasets carry research markers that are not part of the Enhanced SR IOD.
  delete dataset.ImageComments;
  delete dataset.ClinicalTrialTimePointID;
  delete dataset.ClinicalTrialCoordinatingCenterName;
  delete dataset.ClinicalTrialSeriesID;
  dataset.ContentQualification = 'PRODUCT';
  dataset.InstanceNumber = options.instanceNumber ?? 1;
  // Unit meanings such as `°` are not ASCII; the adapters name UTF-8 on their report object, not on its dataset.
  dataset.SpecificCharacterSet = 'ISO_IR 192';
  const bytes = new Uint8Array(dcmjsData.datasetToDict(dataset).write());
  const written = Object.values(toolState).reduce((count, tools) => count + Object.values(tools).reduce((sum, tool) => sum + tool.data.length, 0), 0);
  return {
    bytes,
    sopInstanceUid: String(dataset.SOPInstanceUID),
    seriesInstanceUid: String(dataset.SeriesInstanceUID),
    studyInstanceUid: String(dataset.StudyInstanceUID),
    written,
    skipped,
  };
}

function asArray<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

type ContentItem = NaturalDataset & { ConceptNameCodeSequence?: NaturalDataset | NaturalDataset[]; ContentSequence?: ContentItem | ContentItem[] };

function meaningOf(item: ContentItem): string | undefined {
  return asArray(item.ConceptNameCodeSequence)[0]?.CodeMeaning as string | undefined;
}

/** The report's measurement groups (TID 1501 and TID 1410/1411 alike sit under Imaging Measurements). */
function measurementGroupsOf(dataset: ContentItem): ContentItem[] {
  const measurements = asArray(dataset.ContentSequence).find((item) => meaningOf(item) === 'Imaging Measurements');
  return asArray(measurements?.ContentSequence).filter((item) => meaningOf(item) === 'Measurement Group');
}

function isMeasurementReport(dataset: NaturalDataset): boolean {
  const template = asArray(dataset.ContentTemplateSequence as NaturalDataset | NaturalDataset[])[0];
  return template?.TemplateIdentifier === '1500';
}

function trackingIdentifierOf(group: ContentItem): string {
  const item = asArray(group.ContentSequence).find((child) => meaningOf(child) === 'Tracking Identifier');
  return String(item?.TextValue ?? '');
}

function trackingUidOf(group: ContentItem): string {
  const item = asArray(group.ContentSequence).find((child) => meaningOf(child) === 'Tracking Unique Identifier');
  return String(item?.UID ?? '');
}

/** The first spatial coordinates of a measurement group: in the group itself, or what a NUM was inferred from. */
function scoordOf(item: ContentItem): ContentItem | undefined {
  for (const child of asArray(item.ContentSequence)) {
    if (child.ValueType === 'SCOORD') return child;
    const inner = scoordOf(child);
    if (inner) return inner;
  }
  return undefined;
}

/**
 * The adapter for a measurement group of another tool, by its geometry (the adapters know other tools' groups only
 * for points and rectangles): a two-point polyline is a length, an ellipse an ellipse ROI, a closed polyline of
 * other than four corners a freehand ROI, a point a probe. Groups named by Cornerstone's tracking identifiers are
 * left to the adapters.
 */
function adapterByGeometry(group: ContentItem, _dataset: unknown, adapters: Map<string, unknown>): unknown {
  if (MeasurementReport.getAdapterForTrackingIdentifier(trackingIdentifierOf(group))) return undefined;
  const scoord = scoordOf(group);
  const data = asArray(scoord?.GraphicData as number | number[]);
  const count = data.length / 2;
  switch (scoord?.GraphicType) {
    case 'POINT':
      return adapters.get('Probe');
    case 'ELLIPSE':
      return count === 4 ? adapters.get('EllipticalROI') : undefined;
    case 'POLYLINE':
    case 'POLYGON':
      if (count === 2) return adapters.get('Length');
      if (count === 4 || count === 5) return adapters.get('RectangleROI');
      return count >= 3 ? adapters.get('PlanarFreehandROI') : undefined;
    default:
      return undefined;
  }
}

/** Whether a DICOM JSON header (from QIDO or metadata) is a TID 1500 Measurement Report. */
export function isMeasurementReportHeader(header: DicomJsonDataset): boolean {
  return isMeasurementReport(DicomMetaDictionary.naturalizeDataset(header as Record<string, unknown>));
}

/**
 * The measurements of a TID 1500 report (a DICOM JSON dataset, as series metadata gives it, or a natural dcmjs
 * one): those whose form we know and whose image is named, with a note of each that is not.
 */
export function readMeasurementReport(report: DicomJsonDataset | NaturalDataset, natural = false): ReadReport {
  const dataset = (natural ? report : DicomMetaDictionary.naturalizeDataset(report as Record<string, unknown>)) as ContentItem;
  if (!isMeasurementReport(dataset)) throw new TypeError('Not a TID 1500 Measurement Report (its Content Template Sequence names another template)');
  const groups = measurementGroupsOf(dataset);
  // Every referenced image gets an id of the report's image space, where image and world coordinates are the same.
  const sopInstanceUidToImageId = new Proxy({} as Record<string, string>, { get: (_target, key) => (typeof key === 'string' ? `${reportImagePrefix}${key}` : undefined) });
  const identityPlane = {
    imagePositionPatient: [0.5, 0.5, 0],
    rowCosines: [1, 0, 0],
    columnCosines: [0, 1, 0],
    rowPixelSpacing: 1,
    columnPixelSpacing: 1,
    frameOfReferenceUID: '',
  };
  const planeOf = (type: string, imageId: unknown) => (type === 'imagePlaneModule' && typeof imageId === 'string' && imageId.startsWith(reportImagePrefix) ? identityPlane : undefined);
  const metadata = { get: planeOf };
  // Cornerstone's imageToWorldCoords asks its own metadata registry; the report's images answer there while it reads.
  metaData.addProvider(planeOf, 100_000);
  let toolState: Record<string, Array<Record<string, any>>>;
  try {
    toolState = MeasurementReport.generateToolState(dataset, sopInstanceUidToImageId, metadata, { getToolClass: adapterByGeometry }) as typeof toolState;
  } finally {
    metaData.removeProvider(planeOf);
  }
  const measurements: ReportMeasurement[] = [];
  const skippedContent: SkippedContent[] = [];
  const loaded = new Set<string>();
  const groupByUid = new Map(groups.map((group) => [trackingUidOf(group), group]));
  for (const [toolType, states] of Object.entries(toolState)) {
    const type = measurementTypeOfTool.get(toolType);
    for (const state of states) {
      const annotation = state.annotation as { annotationUID?: string; metadata: { referencedImageId?: string }; data: { label?: string; text?: string; handles?: { points?: number[][] }; contour?: { polyline?: number[][] } } };
      const group = groupByUid.get(String(state.TrackingUniqueIdentifier ?? ''));
      const name = group ? trackingIdentifierOf(group) : toolType;
      loaded.add(String(state.TrackingUniqueIdentifier ?? ''));
      if (!type) {
        skippedContent.push({ reason: 'no-tool', name, toolType });
        continue;
      }
      const imageId = annotation.metadata.referencedImageId ?? '';
      const [sopInstanceUid, frame] = imageId.slice(reportImagePrefix.length).split(':');
      const world = annotation.data.contour?.polyline?.length ? annotation.data.contour.polyline : (annotation.data.handles?.points ?? []);
      if (!sopInstanceUid || world.length === 0) {
        skippedContent.push({ reason: 'no-points', name });
        continue;
      }
      // Another tool's groups are named by their tracking identifier ("Lesion 1") when they carry no label.
      const label = annotation.data.label ?? annotation.data.text ?? '';
      measurements.push({
        id: String(state.TrackingUniqueIdentifier ?? annotation.annotationUID ?? ''),
        type,
        label: String(label || (group && !MeasurementReport.getAdapterForTrackingIdentifier(name) ? name : '')),
        sopInstanceUid,
        frameNumber: Number(frame) || 1,
        points: world.map(([x, y]) => [x!, y!]),
        sopClassUid: state.ReferencedSOPSequence?.ReferencedSOPClassUID,
      });
    }
  }
  for (const group of groups) {
    if (loaded.has(trackingUidOf(group))) continue;
    const scoord = scoordOf(group);
    const name = trackingIdentifierOf(group) || undefined;
    skippedContent.push(scoord ? { reason: 'graphic-no-tool', name, graphicType: String(scoord.GraphicType) } : { reason: 'no-coordinates', name });
  }
  const skipped = skippedContent.map((content) => skippedContentMessage(content, english.t));
  return { sopInstanceUid: String(dataset.SOPInstanceUID ?? ''), seriesInstanceUid: String(dataset.SeriesInstanceUID ?? ''), measurements, skipped, skippedContent };
}

/** The Part 10 bytes of a stored report read back as a natural dataset (for tests and tools). */
export function naturalDatasetOf(part10: ArrayBuffer): NaturalDataset {
  return DicomMetaDictionary.naturalizeDataset(dcmjsData.DicomMessage.readFile(part10).dict);
}

// Window/level presets: the usual CT ones, and for every modality the windows its header carries.
import type { DicomJsonDataset } from '../dicomweb/dicom-json.js';
import { numbersOf, stringOf, valuesOf } from '../dicomweb/dicom-json.js';
import { voiLutFunctionNamed } from '../dicom/voi-lut-function.js';
import { isVoiWindow } from '../dicom/voi-window.js';

export interface WindowPreset {
  /** The `preset` attribute value: `soft-tissue`, `lung`…, or `header-1`, `header-2`… for the header's windows. */
  id: string;
  label: string;
  windowCenter: number;
  windowWidth: number;
}

/** CT presets in HU (width / level as commonly taught, e.g. Radiopaedia "Windowing (CT)"). */
export const ctPresets: readonly WindowPreset[] = [
  { id: 'soft-tissue', label: 'Soft tissue', windowWidth: 400, windowCenter: 40 },
  { id: 'lung', label: 'Lung', windowWidth: 1500, windowCenter: -600 },
  { id: 'bone', label: 'Bone', windowWidth: 1800, windowCenter: 400 },
  { id: 'brain', label: 'Brain', windowWidth: 80, windowCenter: 40 },
  { id: 'abdomen', label: 'Abdomen', windowWidth: 400, windowCenter: 50 },
  { id: 'liver', label: 'Liver', windowWidth: 150, windowCenter: 30 },
  { id: 'mediastinum', label: 'Mediastinum', windowWidth: 350, windowCenter: 50 },
];

/**
 * The windows of an image's header (PS3.3 C.11.2: WindowCenter, WindowWidth and their explanations, value by value);
 * a pair that is no window under the header's VOI LUT Function (a width below 1, or 0 under LINEAR_EXACT) is left out.
 */
export function headerPresets(dataset: DicomJsonDataset | undefined): WindowPreset[] {
  if (!dataset) return [];
  const centers = numbersOf(dataset, 'WindowCenter');
  const widths = numbersOf(dataset, 'WindowWidth');
  const explanations = valuesOf(dataset, 'WindowCenterWidthExplanation').map((value) => (value === null || value === undefined ? '' : String(value)));
  const voiLutFunction = voiLutFunctionNamed(stringOf(dataset, 'VOILUTFunction'));
  const presets: WindowPreset[] = [];
  for (let i = 0; i < Math.min(centers.length, widths.length); i++) {
    if (!isVoiWindow(centers[i], widths[i], voiLutFunction)) continue;
    presets.push({ id: `header-${i + 1}`, label: explanations[i] || `Window ${i + 1}`, windowCenter: centers[i]!, windowWidth: widths[i]! });
  }
  return presets;
}

/** The presets offered for an image: CT's own for CT, then the header's. */
export function presetsFor(modality: string | undefined, dataset: DicomJsonDataset | undefined): WindowPreset[] {
  return [...(modality === 'CT' ? ctPresets : []), ...headerPresets(dataset)];
}

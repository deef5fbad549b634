// The part of dcmjs (it ships no types) that the measurement reports use.
declare module 'dcmjs' {
  type NaturalDataset = Record<string, unknown>;
  export const data: {
    DicomMetaDictionary: {
      naturalizeDataset(dataset: Record<string, unknown>): NaturalDataset;
      denaturalizeDataset(dataset: NaturalDataset): Record<string, unknown>;
      uid(): string;
      date(): string;
      time(): string;
    };
    DicomMessage: { readFile(buffer: ArrayBuffer): { meta: Record<string, unknown>; dict: Record<string, unknown> } };
    datasetToDict(dataset: NaturalDataset): { write(): ArrayBuffer };
  };
}

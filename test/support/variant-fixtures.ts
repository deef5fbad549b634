// The variant test images transcoded by DCMTK and GDCM's real encoders into every transfer syntax the viewer
// must decode (Node side; reference-server.ts ingests them and tells the page what it holds).
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { variantInstance } from '../../src/sample-data/variant-instances.js';
import { variantByName, variantSeriesUid, variantStudy, type ImageVariantName } from '../../src/sample-data/variants.js';

export interface TransferSyntaxFixture {
  /** `variant/syntax`, e.g. `mono2-u16/jpeg-ls-lossless`. */
  name: string;
  variant: ImageVariantName;
  syntax: string;
  transferSyntaxUid: string;
  lossy: boolean;
  studyInstanceUid: string;
  seriesInstanceUid: string;
}

interface SyntaxRecipe {
  uid: string;
  lossy: boolean;
  /** The encoder's command line from the source file to the output file. */
  command: (source: string, output: string) => [string, string[]];
  variants: ImageVariantName[];
}

const dcmtk = (tool: string, ...options: string[]) => (source: string, output: string): [string, string[]] => [tool, [...options, source, output]];

/** FACTS.md lists these commands and their limits (JPEG baseline ≤ 8 bits, extended ≤ 12, near-lossless unsigned only). */
const recipes: Record<string, SyntaxRecipe> = {
  'explicit-le': {
    uid: '1.2.840.10008.1.2.1',
    lossy: false,
    command: dcmtk('dcmconv', '+te'),
    variants: ['mono2-u16', 'mono2-s16', 'mono2-u12', 'mono2-u8', 'mono1-u8', 'rgb', 'ybr-full', 'palette', 'multiframe-u16', 'windows-u16', 'sigmoid-u16'],
  },
  'implicit-le': { uid: '1.2.840.10008.1.2', lossy: false, command: dcmtk('dcmconv', '+ti'), variants: ['mono2-u16', 'rgb'] },
  'big-endian': { uid: '1.2.840.10008.1.2.2', lossy: false, command: dcmtk('dcmconv', '+tb'), variants: ['mono2-u16', 'mono2-s16'] },
  rle: { uid: '1.2.840.10008.1.2.5', lossy: false, command: dcmtk('dcmcrle'), variants: ['mono2-u16', 'mono2-s16', 'mono1-u8', 'rgb', 'ybr-full', 'multiframe-u16'] },
  'jpeg-baseline': { uid: '1.2.840.10008.1.2.4.50', lossy: true, command: dcmtk('dcmcjpeg', '+eb'), variants: ['mono2-u8', 'rgb'] },
  'jpeg-extended': { uid: '1.2.840.10008.1.2.4.51', lossy: true, command: dcmtk('dcmcjpeg', '+ee'), variants: ['mono2-u12'] },
  'jpeg-lossless': { uid: '1.2.840.10008.1.2.4.57', lossy: false, command: dcmtk('dcmcjpeg', '+el'), variants: ['mono2-u16', 'mono2-s16'] },
  'jpeg-lossless-sv1': { uid: '1.2.840.10008.1.2.4.70', lossy: false, command: dcmtk('dcmcjpeg', '+e1'), variants: ['mono2-u16', 'mono2-s16', 'rgb'] },
  'jpeg-ls-lossless': { uid: '1.2.840.10008.1.2.4.80', lossy: false, command: dcmtk('dcmcjpls', '+el'), variants: ['mono2-u16', 'mono2-s16', 'rgb', 'multiframe-u16'] },
  'jpeg-ls-near-lossless': { uid: '1.2.840.10008.1.2.4.81', lossy: true, command: dcmtk('dcmcjpls', '+en', '+md', '2'), variants: ['mono2-u16'] },
  'jpeg2000-lossless': { uid: '1.2.840.10008.1.2.4.90', lossy: false, command: (s, o) => ['gdcmconv', ['--j2k', s, o]], variants: ['mono2-u16', 'mono2-s16', 'rgb'] },
  'jpeg2000-lossy': { uid: '1.2.840.10008.1.2.4.91', lossy: true, command: (s, o) => ['gdcmconv', ['--j2k', '--lossy', '-r', '10', s, o]], variants: ['mono2-u16'] },
};

/** Writes every variant in every syntax its recipe lists under `dir`; resolves to the files and what the page is told. */
export async function writeVariantFixtures(dir: string): Promise<{ files: string[]; fixtures: TransferSyntaxFixture[] }> {
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  const fixtures: TransferSyntaxFixture[] = [];
  let seriesNumber = 0;
  for (const [syntax, recipe] of Object.entries(recipes)) {
    for (const variantName of recipe.variants) {
      seriesNumber += 1;
      const source = join(dir, `${variantName}-${syntax}-source.dcm`);
      const output = join(dir, `${variantName}-${syntax}.dcm`);
      await writeFile(source, variantInstance(variantByName(variantName), syntax, seriesNumber));
      const [tool, args] = recipe.command(source, output);
      execFileSync(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      const written = await readFile(output);
      if (!written.includes(Buffer.from(recipe.uid))) throw new Error(`${tool} did not write ${recipe.uid} for ${variantName}`);
      files.push(output);
      fixtures.push({
        name: `${variantName}/${syntax}`,
        variant: variantName,
        syntax,
        transferSyntaxUid: recipe.uid,
        lossy: recipe.lossy,
        studyInstanceUid: variantStudy.studyInstanceUid,
        seriesInstanceUid: variantSeriesUid(variantName, syntax),
      });
    }
  }
  return { files, fixtures };
}

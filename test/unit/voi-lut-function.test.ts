import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isVoiLutFunction, voiLutFunctionNamed, voiLutFunctions } from '../../src/dicom/voi-lut-function.js';

test('the three defined terms of PS3.3 C.11.2.1.3', () => {
  assert.deepEqual([...voiLutFunctions], ['LINEAR', 'LINEAR_EXACT', 'SIGMOID']);
  assert.equal(isVoiLutFunction('SIGMOID'), true);
  assert.equal(isVoiLutFunction('sigmoid'), false, 'the exact term only');
  assert.equal(isVoiLutFunction(['SIGMOID']), false);
});

test('a header value is read padded or in any case; an undefined term is not a function', () => {
  assert.equal(voiLutFunctionNamed('SIGMOID '), 'SIGMOID');
  assert.equal(voiLutFunctionNamed('linear_exact'), 'LINEAR_EXACT');
  assert.equal(voiLutFunctionNamed('LOG'), undefined);
  assert.equal(voiLutFunctionNamed(''), undefined);
  assert.equal(voiLutFunctionNamed(undefined), undefined);
});

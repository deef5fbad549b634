import assert from 'node:assert/strict';
import { test } from 'node:test';
import { personNameForDisplay } from '../../src/dicom/person-name.js';

test('a full name reads family, then prefix given middle, then suffix', () => {
  assert.equal(personNameForDisplay('Doe^John^Quincy^Dr^Jr'), 'Doe, Dr John Quincy, Jr');
  assert.equal(personNameForDisplay('Doe^John^^Dr^Jr'), 'Doe, Dr John, Jr');
});

test('space padding is trimmed from each component', () => {
  assert.equal(personNameForDisplay('Doe ^John '), 'Doe, John');
  assert.equal(personNameForDisplay(' Doe^ John^^^ '), 'Doe, John');
});

test('empty components leave no stray commas', () => {
  assert.equal(personNameForDisplay('^John'), 'John');
  assert.equal(personNameForDisplay('Doe'), 'Doe');
  assert.equal(personNameForDisplay('Doe^^^^Jr'), 'Doe, Jr');
  assert.equal(personNameForDisplay('^^^Dr'), 'Dr');
  assert.equal(personNameForDisplay('^^^^'), '');
});

test('only the alphabetic group of a multi-group value is shown', () => {
  assert.equal(personNameForDisplay('Yamada^Tarou=山田^太郎=やまだ^たろう'), 'Yamada, Tarou');
});

test('no value is an empty string', () => {
  assert.equal(personNameForDisplay(undefined), '');
  assert.equal(personNameForDisplay(''), '');
});

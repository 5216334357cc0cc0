import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  coreTokens,
  isOneTypoApart,
  isTypoVariant,
  joinedCore,
  withoutJoinedConnectives,
} from './name-variants.ts';

describe('name variants', () => {
  test('core tokens drop trailing corporate words and a leading "the", never everything', () => {
    assert.deepEqual(coreTokens(['omnicom', 'group']), ['omnicom']);
    assert.deepEqual(coreTokens(['the', 'lovesac', 'company']), ['lovesac']);
    assert.deepEqual(coreTokens(['group']), ['group']);
    assert.deepEqual(coreTokens(['international', 'paper']), ['international', 'paper']);
  });
  test('run-together names: connective and trailing corporate words', () => {
    assert.deepEqual(withoutJoinedConnectives('atandt'), ['att']);
    assert.deepEqual(withoutJoinedConnectives('andover'), []);
    assert.equal(joinedCore('stevanatogroupspa'), 'stevanato');
    assert.equal(joinedCore('medifastinc'), 'medifast');
    assert.equal(joinedCore('aeroco'), 'aero');
  });
  test('typos: a transposition in five letters or more, any one edit in eight or more, same first letter', () => {
    assert.ok(isOneTypoApart('vlahi', 'valhi'));
    assert.ok(isOneTypoApart('pharmaceutiacls', 'pharmaceuticals'));
    assert.ok(isOneTypoApart('pharmaceutcals', 'pharmaceuticals'));
    assert.ok(!isOneTypoApart('avon', 'aon'));
    assert.ok(!isOneTypoApart('mills', 'malls'));
    assert.ok(!isOneTypoApart('foods', 'feeds'));
    assert.ok(!isOneTypoApart('fund2', 'fund3'));
    assert.ok(isTypoVariant(['rocket', 'pharmaceutiacls'], ['rocket', 'pharmaceuticals']));
    assert.ok(!isTypoVariant(['partners', 'i'], ['partners', 'v']));
    assert.ok(!isTypoVariant(['nordik', 'fodos'], ['nordic', 'foods']));
  });
});

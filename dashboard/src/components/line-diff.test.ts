import { expect, it } from 'vitest';
import { diffLines } from './line-diff.ts';

it('marks removed and added lines around the common ones', () => {
  expect(
    diffLines('{\n  "defaultValue": true,\n  "rules": []\n}', '{\n  "defaultValue": false,\n  "rules": []\n}'),
  ).toEqual([
    { kind: 'same', text: '{' },
    { kind: 'removed', text: '  "defaultValue": true,' },
    { kind: 'added', text: '  "defaultValue": false,' },
    { kind: 'same', text: '  "rules": []' },
    { kind: 'same', text: '}' },
  ]);
  expect(diffLines('null', 'null')).toEqual([{ kind: 'same', text: 'null' }]);
});

import { expect, it } from 'vitest';
import { ApiError } from '../api.ts';
import { problemsByField } from './flag-editor.tsx';

it("files each of the API's problems under the field it names, the rest under the form", () => {
  const error = new ApiError(400, 'the changed config is invalid: …', [
    { message: 'flags.beta.defaultValue: must be a boolean, got "off"' },
    { message: 'flags.beta.rules.0.coverage: must be between 0 and 1' },
    { message: 'flags.other.type: unknown' },
  ]);
  expect(problemsByField('beta', error)).toEqual({
    defaultValue: ['flags.beta.defaultValue: must be a boolean, got "off"'],
    rules: ['flags.beta.rules.0.coverage: must be between 0 and 1'],
    form: ['flags.other.type: unknown'],
  });
  expect(problemsByField('beta', new ApiError(409, 'another change made version 3 first'))).toEqual({
    form: ['another change made version 3 first'],
  });
});

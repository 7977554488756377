import { describe, expect, it } from 'vitest';
import { ApiError } from '../api.ts';
import { ruleProblemsByField } from './operations-rule-editor.tsx';

describe('ruleProblemsByField', () => {
  it("files each of the API's problems under its field, channel problems under channels", () => {
    const error = new ApiError(
      400,
      'invalid alert rule: name: must not be empty; threshold: must be at least 0; channels.1.secret: must be at least 16 characters',
    );
    expect(ruleProblemsByField(error)).toEqual({
      name: ['name: must not be empty'],
      threshold: ['threshold: must be at least 0'],
      channels: ['channels.1.secret: must be at least 16 characters'],
    });
  });

  it('keeps a refusal that names no field for the form as a whole', () => {
    const error = new ApiError(409, 'an alert rule "x" exists already; PUT /api/alerts/rules/x changes it');
    expect(ruleProblemsByField(error)).toEqual({ form: [error.message] });
  });
});

import * as React from 'react';
import type { ReactNode } from 'react';
import { createBindings } from './create-bindings.ts';
import type { Framework } from './create-bindings.ts';

/** The React bindings: providers, flag and experiment hooks, analytics, errors, vitals, timings and feedback components. */
export const reactBindings = createBindings<ReactNode>(React as unknown as Framework);
export { flagSnapshot } from './flag-snapshot.ts';

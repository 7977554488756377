import * as React from 'react';
import type { ReactNode } from 'react';
import { createBindings } from './create-bindings.ts';
import type { Framework } from './create-bindings.ts';

/** The React bindings: `ExperimentProvider`, `FeatureGate`, `ABTestVariant`, `useFeatureFlag`, `useABTest`, `useAnalytics`. */
export const reactBindings = createBindings<ReactNode>(React as unknown as Framework);

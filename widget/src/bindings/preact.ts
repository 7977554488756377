import { createContext, createElement } from 'preact';
import type { ComponentChildren } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { createBindings } from './create-bindings.ts';
import type { Framework } from './create-bindings.ts';

/** The Preact bindings: `ExperimentProvider`, `FeatureGate`, `ABTestVariant`, `useFeatureFlag`, `useABTest`, `useAnalytics`. */
export const preactBindings = createBindings<ComponentChildren>({ createContext, createElement, useContext, useEffect, useState } as unknown as Framework);

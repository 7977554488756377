import { Component, createContext, createElement } from 'preact';
import type { ComponentChildren } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { createBindings } from './create-bindings.ts';
import type { Framework } from './create-bindings.ts';

/** The Preact bindings: the same names as the React ones. */
export const preactBindings = createBindings<ComponentChildren>({
  Component,
  createContext,
  createElement,
  useContext,
  useEffect,
  useRef,
  useState,
} as unknown as Framework);
export { flagSnapshot } from './flag-snapshot.ts';

/**
 * A tracking plan declares each event's name and property types once; `PropsOf` turns a declaration into the
 * TypeScript type `track` accepts, and `checkEvent` checks the same declaration at run time.
 */

/** A property's type: a primitive (suffix `?` when optional) or the list of allowed strings. */
export type PropType =
  | 'string'
  | 'number'
  | 'boolean'
  | 'string[]'
  | 'string?'
  | 'number?'
  | 'boolean?'
  | 'string[]?'
  | readonly string[];
/** One event's properties. */
type EventSpec = Readonly<Record<string, PropType>>;
/** Event name → its properties. */
export type TrackingPlan = Readonly<Record<string, EventSpec>>;

type Base<T> = T extends readonly string[]
  ? T[number]
  : T extends `string[]${string}`
    ? string[]
    : T extends `string${string}`
      ? string
      : T extends `number${string}`
        ? number
        : boolean;
type Optional<S extends EventSpec> = { [K in keyof S]: S[K] extends `${string}?` ? K : never }[keyof S];

/** The props object an event of spec `S` takes. */
export type PropsOf<S extends EventSpec> = { [K in Exclude<keyof S, Optional<S>>]: Base<S[K]> } & {
  [K in Optional<S>]?: Base<S[K]>;
};

/** A `track` function checked against plan `P`. */
export type PlannedTrack<P extends TrackingPlan> = <N extends keyof P & string>(
  name: N,
  ...props: keyof P[N] extends never ? [props?: PropsOf<P[N]>] : [props: PropsOf<P[N]>]
) => void;

/** The widget's version, set by the build from package.json. */
declare const __INSIGHTS_VERSION__: string | undefined;
export const VERSION: string = typeof __INSIGHTS_VERSION__ === 'string' ? __INSIGHTS_VERSION__ : 'dev';

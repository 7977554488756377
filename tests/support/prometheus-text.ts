/** One sample line of the Prometheus text format. */
export interface PrometheusSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * Parses Prometheus text exposition 0.0.4 strictly enough to fail on anything malformed: every line is a
 * `# HELP`, `# TYPE` (with a known type), a comment, or `name{labels} value [timestamp]`, and every sample's
 * family was declared by a `# TYPE` line. https://prometheus.io/docs/instrumenting/exposition_formats/
 */
export function parsePrometheusText(text: string): PrometheusSample[] {
  const types = new Map<string, string>();
  const samples: PrometheusSample[] = [];
  const name = '[a-zA-Z_:][a-zA-Z0-9_:]*';
  const value = '(?:[+-]?(?:\\d+\\.?\\d*(?:[eE][+-]?\\d+)?|\\.\\d+(?:[eE][+-]?\\d+)?)|[+-]?Inf|NaN)';
  const sampleLine = new RegExp(
    `^(${name})(?:\\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*",?)*)\\})? (${value})(?: -?\\d+)?$`,
  );
  for (const [index, line] of text.split('\n').entries()) {
    if (line === '') continue;
    const type = new RegExp(`^# TYPE (${name}) (counter|gauge|histogram|summary|untyped)$`).exec(line);
    if (type) {
      types.set(type[1]!, type[2]!);
      continue;
    }
    if (line.startsWith('# HELP ') || (line.startsWith('#') && !line.startsWith('# TYPE'))) continue;
    const match = sampleLine.exec(line);
    if (!match) throw new Error(`line ${index + 1} is not Prometheus text: ${line}`);
    const family = match[1]!.replace(/_(bucket|sum|count|total|created)$/, '');
    if (!types.has(match[1]!) && !types.has(family))
      throw new Error(`line ${index + 1}: ${match[1]} has no # TYPE line`);
    const labels: Record<string, string> = {};
    for (const label of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[label[1]!] = label[2]!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]!.replace(/Inf$/, 'Infinity')) });
  }
  return samples;
}

import { cpus, freemem, totalmem } from 'node:os';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import type { MetricValues } from './metric-catalogue.ts';

/** Reads this process and machine once per interval; `stop` releases the observers. */
export interface ProcessProbe {
  read(): MetricValues;
  stop(): void;
}

/**
 * The histogram's timer fires every `LOOP_RESOLUTION_MS`; Node records the whole time between two firings, so
 * an idle loop reads as the resolution itself (the old 20 ms). Subtracting it leaves only the delay.
 * https://nodejs.org/api/perf_hooks.html#perf_hooksmonitoreventloopdelayoptions
 */
const LOOP_RESOLUTION_MS = 10;

/** CPU (process and machine), memory, event-loop delay and GC pauses, each measured over the time since the last read. */
export function createProcessProbe(clock: () => number = () => performance.now()): ProcessProbe {
  const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  loop.enable();
  let gcPauseMs = 0;
  let gcCount = 0;
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gcPauseMs += entry.duration;
      gcCount += 1;
    }
  });
  gc.observe({ entryTypes: ['gc'] });
  let lastCpu = process.cpuUsage();
  let lastAt = clock();
  let lastSystem = systemCpuTimes();
  return {
    read() {
      const at = clock();
      const elapsedMs = Math.max(at - lastAt, 1);
      const cpu = process.cpuUsage(lastCpu);
      const system = systemCpuTimes();
      const busy = system.busy - lastSystem.busy;
      const total = system.total - lastSystem.total;
      const memory = process.memoryUsage();
      const delay = (ns: number) => round(Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS));
      const values: MetricValues = {
        process_cpu_percent: round(((cpu.user + cpu.system) / 1000 / elapsedMs) * 100),
        system_cpu_percent: total > 0 ? round((busy / total) * 100) : 0,
        memory_rss_mb: round(memory.rss / 1048576),
        memory_heap_used_mb: round(memory.heapUsed / 1048576),
        system_memory_used_percent: round((1 - freemem() / totalmem()) * 100),
        event_loop_delay_p50_ms: loop.count ? delay(loop.percentile(50)) : 0,
        event_loop_delay_p99_ms: loop.count ? delay(loop.percentile(99)) : 0,
        event_loop_delay_max_ms: loop.count ? delay(loop.max) : 0,
        gc_pause_ms: round(gcPauseMs),
        gc_count: gcCount,
      };
      loop.reset();
      gcPauseMs = 0;
      gcCount = 0;
      lastCpu = process.cpuUsage();
      lastAt = at;
      lastSystem = system;
      return values;
    },
    stop() {
      loop.disable();
      gc.disconnect();
    },
  };
}

function systemCpuTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const { times } of cpus()) {
    const all = times.user + times.nice + times.sys + times.idle + times.irq;
    total += all;
    busy += all - times.idle;
  }
  return { busy, total };
}

/** Two decimals: what the series and Prometheus show. */
export function round(value: number): number {
  return Math.round(value * 100) / 100;
}

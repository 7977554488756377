import { afterEach, describe, expect, it, vi } from 'vitest';
import { startRecorder } from './recorder.ts';
import type { RecordFunction } from './recorder.ts';

interface FakeEvent {
  timestamp: number;
  type: number;
}

/** A stand-in for rrweb's record: hands the test the emit callback the recorder gave it. */
function fakeRecord() {
  const state: {
    emit?: (event: FakeEvent, isCheckout?: boolean) => void;
    options?: Record<string, unknown>;
    stopped: boolean;
  } = { stopped: false };
  const record: RecordFunction<FakeEvent> = (options) => {
    state.emit = options.emit;
    state.options = options;
    return () => {
      state.stopped = true;
    };
  };
  return { record, state };
}

type Captured = Parameters<Parameters<typeof startRecorder>[0]['capture']>[0];

function setup(mode: 'buffer' | 'session', clock: { now: number }, partMaxChars = 56 * 1024) {
  const { record, state } = fakeRecord();
  const captured: Captured[] = [];
  const recorder = startRecorder<FakeEvent>({
    mode,
    record,
    capture: (event) => captured.push(event),
    now: () => clock.now,
    partMaxChars,
    encode: async (json) => ({ encoding: 'none', data: json }),
  });
  const emit = (timestamp: number, checkout = false) => {
    clock.now = timestamp;
    state.emit!({ timestamp, type: checkout ? 2 : 3 }, checkout);
  };
  const sentEvents = () => {
    const props = captured.map((event) => event.props as { seq: number; final: boolean });
    let text = '';
    const segments: FakeEvent[][] = [];
    captured.forEach((event, index) => {
      text += event.data;
      if (props[index]!.final) {
        segments.push(JSON.parse(text) as FakeEvent[]);
        text = '';
      }
    });
    return segments.flat().map((event) => event.timestamp);
  };
  return { recorder, state, captured, emit, sentEvents };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the replay recorder', () => {
  it('records with the private options: inputs masked, marked text masked, sensitive inputs blocked', () => {
    const { state } = setup('buffer', { now: 0 });
    expect(state.options).toMatchObject({
      maskAllInputs: true,
      maskTextSelector: '[data-insights-mask]',
      checkoutEveryNms: 30_000,
    });
    for (const selector of [
      '[data-insights-block]',
      'input[type="password" i]',
      'input[type="email" i]',
      'input[type="tel" i]',
      'input[type="hidden" i]',
    ]) {
      expect(String(state.options!.blockSelector).split(',')).toContain(selector);
    }
  });

  it('in buffer mode sends nothing until asked, then the last minute from its full snapshot', async () => {
    const clock = { now: 0 };
    const { recorder, captured, emit, sentEvents } = setup('buffer', clock);
    emit(0, true);
    emit(10_000);
    emit(30_000, true);
    emit(45_000);
    emit(60_000, true);
    emit(90_000, true);
    emit(95_000);
    expect(captured).toHaveLength(0);
    await expect(recorder.upload('error')).resolves.toBe(1);
    // The window [35 s, 95 s] starts inside the segment that began with the checkout at 30 s.
    expect(sentEvents()).toEqual([30_000, 45_000, 60_000, 90_000, 95_000]);
    expect(captured[0]).toMatchObject({
      type: 'replay',
      props: { replayId: recorder.replayId, seq: 0, final: true, encoding: 'none', mode: 'buffer', reason: 'error' },
    });
  });

  it('in buffer mode sends each event once across uploads, with continuing sequence numbers', async () => {
    const clock = { now: 0 };
    const { recorder, captured, emit, sentEvents } = setup('buffer', clock);
    emit(0, true);
    emit(1000);
    await recorder.upload('flush');
    emit(2000);
    await expect(recorder.upload('flush')).resolves.toBe(1);
    await expect(recorder.upload('flush')).resolves.toBe(0);
    expect(sentEvents()).toEqual([0, 1000, 2000]);
    expect(captured.map((event) => (event.props as { seq: number }).seq)).toEqual([0, 1]);
  });

  it('in buffer mode after a long quiet gap starts again from a full snapshot', async () => {
    const clock = { now: 0 };
    const { recorder, emit, sentEvents } = setup('buffer', clock);
    emit(0, true);
    await recorder.upload('flush');
    emit(5000);
    emit(30_000, true);
    emit(60_000, true);
    emit(100_000);
    await recorder.upload('error');
    // 5 s was never sent and has left the window; the second upload begins at the checkout of 30 s.
    expect(sentEvents()).toEqual([0, 30_000, 60_000, 100_000]);
  });

  it('sends the events as the scrubber returns them', async () => {
    const { record } = fakeRecord();
    let emit: ((event: FakeEvent, isCheckout?: boolean) => void) | undefined;
    const captured: Captured[] = [];
    const recorder = startRecorder<FakeEvent>({
      mode: 'buffer',
      record: (options) => {
        emit = options.emit;
        return record(options);
      },
      capture: (event) => captured.push(event),
      partMaxChars: 1000,
      encode: async (json) => ({ encoding: 'none', data: json }),
      scrub: (events) => events.map((event) => ({ ...event, type: -1 })),
    });
    emit!({ timestamp: 1, type: 2 }, true);
    await recorder.upload('flush');
    expect(JSON.parse(captured[0]!.data!)).toEqual([{ timestamp: 1, type: -1 }]);
  });

  it('in buffer mode bounds its memory: old segments go first, then a checkout starts a new one', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const { record } = fakeRecord();
    let emit: ((event: FakeEvent, isCheckout?: boolean) => void) | undefined;
    const captured: Captured[] = [];
    const checkouts: number[] = [];
    let now = 0;
    const recorder = startRecorder<FakeEvent>({
      mode: 'buffer',
      record: (options) => {
        emit = options.emit;
        return record(options);
      },
      capture: (event) => captured.push(event),
      now: () => now,
      partMaxChars: 100_000,
      maxBufferedEvents: 5,
      encode: async (json) => ({ encoding: 'none', data: json }),
      checkout: () => {
        checkouts.push(now);
        emit!({ timestamp: now, type: 2 }, true);
      },
    });
    const at = (timestamp: number, checkout = false) => {
      now = timestamp;
      emit!({ timestamp, type: checkout ? 2 : 3 }, checkout);
    };
    at(0, true);
    at(1);
    at(2);
    at(3, true);
    at(4);
    at(5);
    // Six events over the bound of five: the older segment goes, though it is inside the minute.
    expect(checkouts).toEqual([]);
    at(6);
    at(7);
    at(8);
    // One segment of six: only a new checkout can bound it.
    vi.runAllTimers();
    expect(checkouts).toEqual([8]);
    await recorder.upload('flush');
    expect((JSON.parse(captured[0]!.data!) as FakeEvent[]).map((event) => event.timestamp)).toEqual([8]);
  });

  it('cuts a large segment into ordered parts, final only on the last', async () => {
    const clock = { now: 0 };
    const { recorder, captured, emit, sentEvents } = setup('buffer', clock, 40);
    emit(1_000_000_000_000, true);
    for (let index = 1; index <= 9; index++) emit(1_000_000_000_000 + index);
    const chunks = await recorder.upload('flush');
    expect(chunks).toBeGreaterThan(3);
    expect(captured.map((event) => (event.props as { seq: number }).seq)).toEqual([...Array(chunks).keys()]);
    expect(captured.map((event) => (event.props as { final: boolean }).final)).toEqual([
      ...Array(chunks - 1).fill(false),
      true,
    ]);
    expect(captured.every((event) => event.data!.length <= 40)).toBe(true);
    expect(sentEvents()).toHaveLength(10);
  });

  it('in session mode sends what it has every 5 seconds and stops with rrweb', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const clock = { now: 0 };
    const { recorder, captured, emit, sentEvents, state } = setup('session', clock);
    emit(0, true);
    emit(1000);
    expect(captured).toHaveLength(0);
    vi.advanceTimersByTime(5000);
    await vi.waitFor(() => expect(captured).toHaveLength(1));
    emit(6000);
    vi.advanceTimersByTime(5000);
    await vi.waitFor(() => expect(captured).toHaveLength(2));
    expect(sentEvents()).toEqual([0, 1000, 6000]);
    expect(captured[1]!.props as { mode: string; reason: string }).toMatchObject({
      mode: 'session',
      reason: 'interval',
    });
    recorder.stop();
    expect(state.stopped).toBe(true);
    emit(7000);
    vi.advanceTimersByTime(10_000);
    expect(captured).toHaveLength(2);
  });
});

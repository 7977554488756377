import { Replayer } from '@rrweb/replay';
import type { eventWithTime } from '@rrweb/types';
import { formatDuration } from './replay-events.ts';

/** The elements a player drives: where it draws, and its play/pause button, position slider and time label. */
export interface PlayerElements {
  root: HTMLElement;
  playPause: HTMLButtonElement;
  progress: HTMLInputElement;
  time: HTMLElement;
}

/**
 * Plays rrweb events with rrweb's Replayer inside `root` (a sandboxed iframe it makes), wires the controls and
 * scales the recorded viewport to the width available. Returns a function that stops and removes the player.
 * Shared by the demo's replay viewer and the dashboard's replay frame.
 */
export function mountPlayer(events: eventWithTime[], elements: PlayerElements): () => void {
  const { root, playPause, progress, time } = elements;
  root.replaceChildren();
  const replayer = new Replayer(events, { root, skipInactive: true, mouseTail: false, showWarning: false });
  const total = replayer.getMetaData().totalTime;
  progress.max = String(total);
  let recorded = { width: 0, height: 0 };
  const fitToFrame = (dimension = recorded) => {
    recorded = dimension;
    const wrapper = root.querySelector<HTMLElement>('.replayer-wrapper');
    if (!wrapper || !dimension.width) return;
    const scale = Math.min(1, root.clientWidth / dimension.width);
    wrapper.style.transform = `scale(${scale})`;
    root.style.height = `${Math.ceil(dimension.height * scale)}px`;
  };
  // The player announces the recorded viewport's size as it applies each Meta event (and on every resize).
  replayer.on('resize', (dimension) => fitToFrame(dimension as { width: number; height: number }));
  replayer.on('finish', () => {
    playPause.textContent = 'Play';
  });
  const toggle = () => {
    const playing = playPause.textContent === 'Pause';
    if (playing) replayer.pause();
    // Play after the end starts over.
    else replayer.play(replayer.getCurrentTime() >= total ? 0 : replayer.getCurrentTime());
    playPause.textContent = playing ? 'Play' : 'Pause';
  };
  const seek = () => {
    replayer.play(Number(progress.value));
    playPause.textContent = 'Pause';
  };
  const onResize = () => fitToFrame();
  playPause.addEventListener('click', toggle);
  progress.addEventListener('input', seek);
  window.addEventListener('resize', onResize);
  replayer.play();
  playPause.textContent = 'Pause';
  const ticker = window.setInterval(() => {
    const now = Math.min(replayer.getCurrentTime(), total);
    progress.value = String(now);
    time.textContent = `${formatDuration(now)} / ${formatDuration(total)}`;
  }, 250);
  return () => {
    clearInterval(ticker);
    playPause.removeEventListener('click', toggle);
    progress.removeEventListener('input', seek);
    window.removeEventListener('resize', onResize);
    replayer.destroy();
  };
}

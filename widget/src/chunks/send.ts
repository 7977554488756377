// The send chunk: the sending half of delivery (the send loop, the sender with its gzip step, the pure `outcome`
// decision, the retry policy and the batcher). The core loads it when sending starts, at idle; the outbox, the write
// buffer and the page-exit send stay in the core, so events are stored, and sent on exit, even without it (see
// delivery/lazy-send-loop.ts).
export { createSendLoop } from '../delivery/send-loop.ts';
export { createSender } from '../delivery/sender.ts';

import type { Server } from 'node:net';
import type { Socket } from 'node:net';

/** Bytes read and written on a server's sockets since it started. */
export interface NetworkMeter {
  totals(): { in: number; out: number };
}

/**
 * Counts HTTP traffic from the sockets themselves (`bytesRead`/`bytesWritten`), so compressed bodies, headers and
 * keep-alive reuse all count as the network saw them: live sockets are read on demand, closed ones are folded in.
 */
export function meterNetwork(server: Pick<Server, 'on'>): NetworkMeter {
  const live = new Set<Socket>();
  const closed = { in: 0, out: 0 };
  server.on('connection', (socket: Socket) => {
    live.add(socket);
    socket.once('close', () => {
      live.delete(socket);
      closed.in += socket.bytesRead;
      closed.out += socket.bytesWritten;
    });
  });
  return {
    totals() {
      let bytesIn = closed.in;
      let bytesOut = closed.out;
      for (const socket of live) {
        bytesIn += socket.bytesRead;
        bytesOut += socket.bytesWritten;
      }
      return { in: bytesIn, out: bytesOut };
    },
  };
}

// A shaping proxy: TCP in front of a server, with the link Lighthouse's mobile preset assumes
// (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up). Each direction is one link shared by
// every connection, round-robin a piece at a time (as concurrent TCP flows share a bottleneck,
// so a small script is not stuck behind a large download); a piece arrives half a round trip
// after the link has sent it. A new connection pays one round trip before its first byte (the
// TCP handshake). Not modelled: slow start and loss, so the figures are a floor for a real link.
import { createConnection, createServer } from "node:net";

export const MOBILE = { rttMs: 150, downKbps: 1600, upKbps: 750 };

/** Pieces the link sends in turn: a large read goes out a little at a time. */
const PIECE = 4096;

/**
 * One direction of the link. `flow(notBefore)` makes a sender for one connection: `send(piece,
 * deliver)` queues bytes (`deliver` runs when they arrive; a zero-length piece carries an end).
 */
function link(kbps, oneWayMs) {
  const flows = [];
  let next = 0; // round-robin position
  let pumping = null;
  const pump = () => {
    pumping = null;
    const now = performance.now();
    const ready = flows.filter((f) => f.queue.length && f.notBefore <= now);
    if (!ready.length) {
      const waiting = flows.filter((f) => f.queue.length).map((f) => f.notBefore);
      if (waiting.length) pumping = setTimeout(pump, Math.min(...waiting) - now);
      return;
    }
    next = (next + 1) % ready.length;
    const { piece, deliver } = ready[next].queue.shift();
    const sendMs = (piece.length * 8) / kbps; // kbit/s is bits per ms
    setTimeout(() => deliver(piece), sendMs + oneWayMs);
    pumping = setTimeout(pump, sendMs);
  };
  return {
    flow(notBefore) {
      const f = { queue: [], notBefore };
      flows.push(f);
      return {
        send(piece, deliver) {
          f.queue.push({ piece, deliver });
          if (!pumping) pump();
        },
        close() {
          // Only once nothing of it is left to send.
          const drop = () => (f.queue.length ? setTimeout(drop, 50) : flows.splice(flows.indexOf(f), 1));
          drop();
        },
      };
    },
  };
}

function pipeShaped(from, to, flow) {
  from.on("data", (chunk) => {
    for (let at = 0; at < chunk.length; at += PIECE) flow.send(chunk.subarray(at, at + PIECE), (piece) => to.destroyed || to.write(piece));
  });
  from.on("end", () => flow.send(Buffer.alloc(0), () => to.destroyed || to.end()));
  from.on("close", () => flow.close());
}

/** Listens on 127.0.0.1:<any port> and forwards to `target`; resolves with `{ port, close }`. */
export async function startShapingProxy(target, { rttMs, downKbps, upKbps } = MOBILE) {
  const up = link(upKbps, rttMs / 2);
  const down = link(downKbps, rttMs / 2);
  const sockets = new Set();
  const server = createServer((client) => {
    const open = performance.now() + rttMs;
    const upstream = createConnection(target);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => { client.destroy(); upstream.destroy(); });
    }
    pipeShaped(client, upstream, up.flow(open));
    pipeShaped(upstream, client, down.flow(open));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: server.address().port,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

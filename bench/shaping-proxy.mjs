// A shaping proxy: TCP in front of a server, with the link Lighthouse's mobile preset assumes
// (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up). Each direction is one link shared by
// every connection: bytes queue behind each other at its rate, then travel half the round trip.
// A new connection pays one round trip before its first byte (the TCP handshake). Not modelled:
// TCP slow start and loss, so the figures are a floor for a real mobile link.
import { createConnection, createServer } from "node:net";

export const MOBILE = { rttMs: 150, downKbps: 1600, upKbps: 750 };

/** A direction of the link: `delay(bytes)` is ms from now until those bytes arrive. */
function link(kbps, oneWayMs) {
  let free = 0; // when the link has sent everything queued (performance.now() ms)
  return (bytes) => {
    const now = performance.now();
    free = Math.max(free, now) + (bytes * 8) / kbps; // kbit/s is bits per ms
    return free + oneWayMs - now;
  };
}

/** Small pieces, so a large read arrives as it would over the link: a little at a time. */
const PIECE = 4096;

function pipeShaped(from, to, delay, notBefore) {
  from.on("data", (chunk) => {
    for (let at = 0; at < chunk.length; at += PIECE) {
      const piece = chunk.subarray(at, at + PIECE);
      const wait = Math.max(delay(piece.length), notBefore() - performance.now());
      setTimeout(() => to.destroyed || to.write(piece), wait);
    }
  });
  from.on("end", () => setTimeout(() => to.destroyed || to.end(), Math.max(delay(0), notBefore() - performance.now())));
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
    pipeShaped(client, upstream, up, () => open);
    pipeShaped(upstream, client, down, () => open);
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

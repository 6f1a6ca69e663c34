// Minimal IPC node for the raw fan-out baseline. Plain JS on purpose: it is forked with no
// loader (no tsx, no compile step), so its start-up and per-message cost is as small as a
// Node child can be. It answers each request envelope with a reply envelope shaped like a
// real node's, so both directions serialize about the same amount of JSON.
'use strict';
process.on('disconnect', () => process.exit(0));
process.on('message', (msg) => {
  if (msg && msg.kind === 'request') process.send({ kind: 'reply', inReplyTo: msg.id, ok: true, value: {} });
});
process.send({ kind: 'ready', pid: process.pid });

// Minimal IPC node for the raw fan-out baseline. Plain JS on purpose: it is forked with no
// loader (no tsx, no compile step), so its start-up and per-message cost is as small as a
// Node child can be. It answers each request envelope with a reply envelope shaped like a
// real node's, so both directions serialize about the same amount of JSON.
// bench-auth's models of a node's per-request event: a request may carry `notice`, sent back
// first as its own message, or `events`, sent back inside the reply (as node-main does);
// `value` replaces the empty reply value.
'use strict';
process.on('disconnect', () => process.exit(0));
process.on('message', (msg) => {
  if (!msg || msg.kind !== 'request') return;
  if (msg.notice) process.send(msg.notice);
  const reply = { kind: 'reply', inReplyTo: msg.id, ok: true, value: msg.value || {} };
  if (msg.events) reply.events = msg.events;
  process.send(reply);
});
process.send({ kind: 'ready', pid: process.pid });

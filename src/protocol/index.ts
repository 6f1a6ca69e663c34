/**
 * The wire vocabulary: every message between coordinator and node, its envelope, and the
 * types both sides (and the events) share. A leaf: it imports nothing of node/,
 * transport/, coordinator/ or http/, and all four import it.
 */
export * from './cache-types';
export * from './envelopes';
export * from './index-state';
export * from './node-info';
export * from './node-requests';
export * from './transport-errors';

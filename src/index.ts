/**
 * The simulator as a library, for your own tests: `createCluster()` gives a cluster
 * (in-process with a manual clock by default, or real node processes), its express app for
 * supertest, its nodes, `advance(ms)`, faults and the event journal.
 */
export { createCluster, type CreateClusterOptions, type SimCluster, type SimFaults, type SimNode } from './library';
export { Cluster } from './coordinator/cluster';
export type { ActiveFault } from './faults';
export { buildApp } from './http/app';
export { DEFAULTS, resolveConfig, type ClusterConfig } from './config';
export { EsError } from './errors';
export { ManualClock, SystemClock, type Clock } from './sim/clock';
export type { CacheView } from './protocol';
export type { SimEvent } from './observe/events';
export type { Journal, JournalEntry } from './observe/journal';

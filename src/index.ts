/**
 * The simulator as a library, for your own tests: build a cluster (in-process with a
 * manual clock by default, or real node processes), get its express app for supertest,
 * and look inside its nodes.
 */
export { createCluster, type CreateClusterOptions } from './coordinator/create-cluster';
export { Cluster } from './coordinator/cluster';
export { buildApp } from './http/app';
export { DEFAULTS, resolveConfig, type ClusterConfig } from './config';
export { ManualClock, SystemClock, type Clock } from './sim/clock';
export type { SimEvent } from './observe/events';

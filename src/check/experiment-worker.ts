/**
 * A worker thread of an experiment: runs its slice of run seeds and posts the results
 * back, in order. Each worker has its own verification memo and clusters; results depend
 * only on the seeds.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Experiment } from './experiment-file';
import { runSeedsHere } from './experiment';

const { exp, seeds } = workerData as { exp: Experiment; seeds: number[] };
void runSeedsHere(exp, seeds).then((results) => parentPort?.postMessage(results));

/**
 * `npm start` runs the coordinator as npm → sh → node. Signalled with SIGINT or SIGTERM,
 * npm 11 exits and so does the shell, but the signal never reaches the coordinator
 * (measured: the coordinator and every node kept running, port bound, re-parented to
 * init). A process manager or a test harness signals npm's pid, so the coordinator
 * watches its parent: when its parent pid changes, whoever started it is gone, and it
 * stops the cluster as it would on SIGTERM (which ends the process, and this poll with it).
 */
import { SystemClock } from './sim/clock';

const POLL_MS = 250;

export function onParentGone(stop: () => void): void {
  const parent = process.ppid;
  if (parent <= 1) return; // started by init or a container's pid 1: nothing to watch
  const clock = new SystemClock();
  const poll = () => {
    if (process.ppid === parent) clock.setTimer(POLL_MS, poll);
    else stop();
  };
  clock.setTimer(POLL_MS, poll);
}

/**
 * The `rest` faults at the front door: the first middleware of the app, before
 * authentication, the body and routing, as a proxy in front of Elasticsearch would sit.
 * With no rest fault active it costs one size check. An `error` is rendered by the one
 * error renderer (the app's error handler: Elasticsearch's body and headers); a `delay`
 * waits on the cluster's clock (a manual clock holds it until advanced); a `reset` destroys
 * the connection without a response; a `hang` holds the request until its fault is
 * healed, or drops it when the client gives up.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Cluster } from '../coordinator/cluster';
import { injectedError } from '../errors';

export function restFaults(cluster: Cluster): (req: Request, res: Response, next: NextFunction) => void {
  const plan = cluster.restFaults;
  return (req, res, next) => {
    if (plan.size === 0) return next();
    const url = req.originalUrl;
    const q = url.indexOf('?');
    const verdict = plan.decide(req.method, q < 0 ? url : url.slice(0, q));
    if (verdict === undefined) return next();
    switch (verdict.action) {
      case 'error':
        return next(injectedError(verdict.status, verdict.error));
      case 'reset':
        req.socket.destroy();
        return;
      case 'delay': {
        const timer = cluster.clock.setTimer(verdict.ms, () => {
          res.off('close', gone);
          next();
        });
        const gone = () => cluster.clock.clearTimer(timer);
        res.once('close', gone);
        return;
      }
      case 'hang': {
        const forget = verdict.hold({
          serve: () => {
            res.off('close', forget);
            next();
          },
          drop: () => req.socket.destroy(),
        });
        res.once('close', forget);
        return;
      }
    }
  };
}

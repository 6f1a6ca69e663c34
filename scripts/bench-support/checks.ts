/**
 * Response checks by name, so a load generator in another process (load-child.ts) can be
 * told which one to run: functions do not cross IPC, names do.
 */
import type { HttpResponseData } from './http-loop';

export type ResponseCheck = (response: HttpResponseData) => string | undefined;

/** `GET /_security/_authenticate` answered for the sample file token elastic/fleet-server/token1. */
function authenticateFileToken(r: HttpResponseData): string | undefined {
  try {
    const body = JSON.parse(r.body) as { username?: unknown; token?: { name?: unknown; type?: unknown } };
    if (body.username === 'elastic/fleet-server' && body.token?.name === 'token1' && body.token.type === '_service_account_file') return undefined;
  } catch {
    /* reported below */
  }
  return `unexpected body: ${r.body.slice(0, 300)}`;
}

export const CHECKS = { authenticateFileToken } satisfies Record<string, ResponseCheck>;

export type CheckName = keyof typeof CHECKS;

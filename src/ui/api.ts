/**
 * Every action on the page is one call to the documented REST API; its answer (status and
 * body) is shown as it came. The browser adds the Basic credentials it was given at the
 * prompt (same origin), so no password lives in the page.
 */
import { signal } from '@preact/signals';

export interface ApiAnswer {
  request: string;
  status: number;
  body: string;
}

/** The last answer, shown in the response panel. */
export const lastAnswer = signal<ApiAnswer | null>(null);

export async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer> {
  const init: RequestInit = { method, headers: { ...headers }, credentials: 'same-origin' };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
  }
  const request = `${method} ${path}${headers['X-Sim-Node'] === undefined ? '' : ` (X-Sim-Node: ${headers['X-Sim-Node']})`}`;
  let answer: ApiAnswer;
  try {
    const res = await fetch(path, init);
    answer = { request, status: res.status, body: await res.text() };
  } catch (err) {
    answer = { request, status: 0, body: `no answer: ${String(err)}` };
  }
  lastAnswer.value = answer;
  return answer;
}

/** A pretty-printed JSON body, or the text as it came. */
export function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

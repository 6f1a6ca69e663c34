/** A check of the soak: its name says what must hold; `detail` says what was seen. */
export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export function check(name: string, ok: boolean, detail = ''): Check {
  return { name, ok, detail };
}

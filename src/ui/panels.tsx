/**
 * The panels around the node cards: active faults (each with Heal) and a form that adds any
 * fault type; the security index's health and documents; the actions on tokens and caches;
 * and the last REST answer. Every button is one documented REST call.
 */
import { useState } from 'preact/hooks';
import { call, lastAnswer, pretty } from './api';
import { revokedIndexTokens } from './reducer';
import { view } from './store';

const FAULT_TEMPLATES: Record<string, object> = {
  partition: { direction: 'both', messages: ['clear-cache'] },
  drop: { direction: 'requests', probability: 1, messages: ['clear-cache'] },
  delay: { direction: 'requests', distribution: 'fixed', ms: 2000 },
  duplicate: { probability: 1 },
  error: { probability: 1, error: { type: 'circuit_breaking_exception', reason: 'simulated' } },
  kill: {},
  restart: {},
  pause: {},
  file: { action: 'corrupt' },
  'watcher-blind': {},
  'security-index': { action: 'red' },
};
const NODELESS = ['security-index'];

export function FaultsPanel() {
  const faults = Object.values(view.value.faults);
  const names = view.value.nodeOrder;
  const [type, setType] = useState('partition');
  const [id, setId] = useState('f1');
  const [nodes, setNodes] = useState(names[0] ?? '');
  const [fields, setFields] = useState(JSON.stringify(FAULT_TEMPLATES.partition));
  const add = () => {
    let extra: object;
    try {
      extra = JSON.parse(fields || '{}') as object;
    } catch {
      lastAnswer.value = { request: 'fault fields', status: 0, body: `not JSON: ${fields}` };
      return;
    }
    const list = nodes.split(',').map((n) => n.trim()).filter(Boolean);
    const body = { type, ...(NODELESS.includes(type) || list.length === 0 ? {} : { nodes: list }), ...extra };
    void call('PUT', `/_sim/faults/${encodeURIComponent(id)}`, body);
  };
  return (
    <section aria-label="Faults" class="panel">
      <h3>Faults</h3>
      {faults.length === 0 && <p class="muted">none active</p>}
      <ul>
        {faults.map((f) => (
          <li key={f.id}>
            <code>{f.id}</code> {JSON.stringify(f.spec)} <button aria-label={`Heal ${f.id}`} onClick={() => call('DELETE', `/_sim/faults/${encodeURIComponent(f.id)}`)}>Heal</button>
          </li>
        ))}
      </ul>
      <form aria-label="Add a fault" onSubmit={(e) => (e.preventDefault(), add())}>
        <label>id <input value={id} onInput={(e) => setId(e.currentTarget.value)} size={8} /></label>{' '}
        <label>
          type{' '}
          <select value={type} onChange={(e) => (setType(e.currentTarget.value), setFields(JSON.stringify(FAULT_TEMPLATES[e.currentTarget.value] ?? {})))}>
            {Object.keys(FAULT_TEMPLATES).map((t) => <option key={t}>{t}</option>)}
          </select>
        </label>{' '}
        <label>nodes <input value={nodes} onInput={(e) => setNodes(e.currentTarget.value)} size={14} placeholder="node-1,node-2" /></label>{' '}
        <label>fields <input value={fields} onInput={(e) => setFields(e.currentTarget.value)} size={40} /></label>{' '}
        <button type="submit">Add fault</button>
      </form>
    </section>
  );
}

export function IndexPanel() {
  const idx = view.value.index;
  const revoked = revokedIndexTokens(view.value);
  return (
    <section aria-label="Security index" class="panel">
      <h3>Security index</h3>
      <p>
        health <strong class={`health ${idx.health ?? 'none'}`}>{idx.health ?? 'no index'}</strong>
        {idx.upToDate ? '' : ' · not up to date'}
      </p>
      <p>tokens: {idx.tokens.length === 0 ? <span class="muted">none</span> : idx.tokens.join(', ')}</p>
      {idx.users.length > 0 && <p>users: {idx.users.join(', ')}</p>}
      {idx.roles.length > 0 && <p>roles: {idx.roles.join(', ')}</p>}
      {revoked.length > 0 && <p class="muted">revoked: {revoked.join(', ')}</p>}
    </section>
  );
}

const tokenPath = (account: string, name: string) => `/_security/service/${account}/credential/token/${name}`;

export function ActionsPanel() {
  const [account, setAccount] = useState('elastic/fleet-server');
  const [name, setName] = useState('token1');
  const [names, setNames] = useState('*');
  const [secret, setSecret] = useState('');
  const [node, setNode] = useState('');
  const create = async () => {
    const a = await call('POST', tokenPath(account, name));
    try {
      const value = (JSON.parse(a.body) as { token?: { value?: string } }).token?.value;
      if (value !== undefined) setSecret(value);
    } catch {
      /* the answer is shown as it came */
    }
  };
  const headers: Record<string, string> = { Authorization: `Bearer ${secret}` };
  if (node !== '') headers['X-Sim-Node'] = node;
  return (
    <section aria-label="Actions" class="panel">
      <h3>Tokens and caches</h3>
      <div>
        <label>account <input value={account} onInput={(e) => setAccount(e.currentTarget.value)} size={20} /></label>{' '}
        <label>token name <input value={name} onInput={(e) => setName(e.currentTarget.value)} size={10} /></label>{' '}
        <button onClick={create}>Create index token</button> <button onClick={() => call('DELETE', tokenPath(account, name))}>Delete index token</button>
      </div>
      <div>
        <label>names to clear <input value={names} onInput={(e) => setNames(e.currentTarget.value)} size={16} placeholder="one, a,b or *" /></label>{' '}
        <button onClick={() => call('POST', `${tokenPath(account, names.split(',').map((n) => n.trim()).join(','))}/_clear_cache`)}>Clear caches</button>
      </div>
      <div>
        <label>bearer token <input value={secret} onInput={(e) => setSecret(e.currentTarget.value)} size={30} placeholder="AAEAA..." /></label>{' '}
        <label>
          on node{' '}
          <select value={node} onChange={(e) => setNode(e.currentTarget.value)}>
            <option value="">(any)</option>
            {view.value.nodeOrder.map((n) => <option key={n}>{n}</option>)}
          </select>
        </label>{' '}
        <button onClick={() => call('GET', '/_security/_authenticate', undefined, headers)}>Authenticate</button>
      </div>
    </section>
  );
}

export function AnswerPanel() {
  const a = lastAnswer.value;
  return (
    <section aria-label="Response" class="panel answer">
      <h3>Response</h3>
      {a === null ? (
        <p class="muted">Each button is one REST call; its answer shows here.</p>
      ) : (
        <>
          <div>
            <code>{a.request}</code> → <strong data-testid="status">{a.status}</strong>
          </div>
          <pre>{pretty(a.body)}</pre>
        </>
      )}
    </section>
  );
}

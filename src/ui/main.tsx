/**
 * The dashboard's entry: the live cluster (or a replayed journal) as node cards, faults,
 * the security index, a timeline and a token inspector, with the actions beside them.
 */
import { render } from 'preact';
import { ActionsPanel, AnswerPanel, FaultsPanel, IndexPanel } from './panels';
import { NodeCard } from './node-card';
import { ReplayBar } from './replay';
import { connection, mode, startLive, view } from './store';
import { Timeline } from './timeline';
import { TokenInspector } from './inspector';

/** Past this many nodes the cards show counts instead of entries. */
const COMPACT_CARDS_FROM = 24;

function App() {
  const s = view.value;
  const compact = s.nodeOrder.length >= COMPACT_CARDS_FROM;
  return (
    <>
      <header class="top">
        <h1>es-token-cache-sim</h1>
        <span class={`conn ${mode.value === 'live' ? connection.value : 'replay'}`}>{mode.value === 'live' ? connection.value : 'replay'}</span>
        <span class="muted"> event #{s.seq} · {s.alarms.length} alarms</span>
      </header>
      <ReplayBar />
      <main>
        <div class="cards" aria-label="Nodes">
          {s.nodeOrder.map((n) => <NodeCard key={n} node={s.nodes[n]!} compact={compact} />)}
        </div>
        <div class="side">
          <FaultsPanel />
          <IndexPanel />
          <ActionsPanel />
          <AnswerPanel />
        </div>
      </main>
      <Timeline />
      <TokenInspector />
    </>
  );
}

render(<App />, document.getElementById('app') as HTMLElement);
startLive().catch((err: unknown) => {
  document.getElementById('app')?.insertAdjacentHTML('afterbegin', `<p role="alert" class="alarm">${String(err).replace(/</g, '&lt;')}</p>`);
});
(window as { __uiReady?: boolean }).__uiReady = true;

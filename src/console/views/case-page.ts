import type { ConversationView } from '../../app/console/view-conversation.js';
import type { StaffMember } from '../../app/console/ports.js';
import { caseActionsView, caseStateView, type ControlsContext } from './case-controls.js';
import { messagesView } from './case-messages.js';
import { alerts, casePanel } from './case-panel.js';
import { html, type SafeHtml } from './html.js';
import { layout, type PageViewer } from './layout.js';

/** The conversation page: state and actions, the history, and the case's panel. Live. */
export function casePage(options: {
  viewer: PageViewer & { id: string };
  csrfToken: string;
  view: ConversationView;
  flows: ControlsContext['flows'];
  channel?: ControlsContext['channel'];
  templates?: ControlsContext['templates'];
  outsideHerHours?: ControlsContext['outsideHerHours'];
  draft?: ControlsContext['draft'];
  /** The word of the deny list her alias holds, if any (see `aliasForHer`). */
  aliasDeniedWord?: string | undefined;
  psychologists: StaffMember[];
  now: Date;
  /** A one-line confirmation of what was just done (after a redirect). */
  notice?: string | undefined;
}): SafeHtml {
  const { record, history } = options.view;
  const viewer = { id: options.viewer.id, role: options.viewer.role };
  const controls: ControlsContext = {
    viewer,
    csrfToken: options.csrfToken,
    flows: options.flows,
    now: options.now,
    channel: options.channel,
    templates: options.templates,
    outsideHerHours: options.outsideHerHours,
    draft: options.draft,
  };
  return layout({
    title: record.survivor.alias,
    viewer: options.viewer,
    csrfToken: options.csrfToken,
    page: 'case',
    caseId: record.id,
    body: html`<div class="encabezado">
  <p class="migas"><a href="/">← Bandeja</a></p>
  <h1>${record.survivor.alias}</h1>
  <p class="en-vivo" id="en-vivo" role="status" data-state="connecting">Conectando…</p>
</div>
${options.notice && html`<p class="aviso aviso--ok" role="status">${options.notice}</p>`}
<div class="caso">
  <div class="caso__chat">
    ${caseStateView(record, controls)}
    ${alerts(record, options.csrfToken, 'arriba')}
    <section class="historial" aria-labelledby="titulo-historial">
      <h2 id="titulo-historial">Conversación</h2>
      ${messagesView(history, record.survivor.alias, options.view.hasEarlier ? { caseId: record.id } : null)}
    </section>
    ${caseActionsView(record, controls)}
  </div>
  ${casePanel(record, { viewer, csrfToken: options.csrfToken, psychologists: options.psychologists, flows: options.flows, now: options.now, aliasDeniedWord: options.aliasDeniedWord })}
</div>`,
  });
}

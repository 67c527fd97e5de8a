// Acompaña console: progressive enhancement only. Every page works without this script; with it, the
// inbox and the conversation follow the server's live events (Server-Sent Events on /events, ids only)
// by fetching the HTML fragment that changed. No polling. Loaded as a module: the wording of times
// comes from the one helper the server renders with too.
import { timeAgo } from './shared/time-ago.js';

(function () {
  const page = document.body.dataset.page;
  const csrf = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';

  function refreshTimes(root) {
    for (const time of (root ?? document).querySelectorAll('time[data-since]')) time.textContent = timeAgo(new Date(time.dataset.since), new Date());
  }
  setInterval(refreshTimes, 30000);

  function fragment(markup) {
    const template = document.createElement('template');
    template.innerHTML = markup.trim();
    return template.content;
  }

  async function getHtml(url) {
    const response = await fetch(url, { headers: { accept: 'text/html' }, credentials: 'same-origin', cache: 'no-store' });
    if (response.status === 401) {
      location.assign(`/login?siguiente=${encodeURIComponent(location.pathname)}`);
      return null;
    }
    if (response.status === 204) return '';
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.text();
  }

  async function postForm(form) {
    const body = new URLSearchParams(new FormData(form));
    const response = await fetch(form.action, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded', 'csrf-token': csrf },
      body,
      credentials: 'same-origin',
    });
    const data = await response.json().catch(() => ({}));
    if (response.status === 401) location.assign('/login');
    return { ok: response.ok, status: response.status, data };
  }

  /** Runs updates of one key one after another, so answers cannot arrive out of order. */
  const chains = new Map();
  function serially(key, work) {
    const next = (chains.get(key) ?? Promise.resolve()).then(work).catch(() => {});
    chains.set(key, next);
    return next;
  }

  /** Tells the person holding a chat, on any page, that an alert was raised on it (an emergency word). */
  function showHolderNotice(noticeCaseId) {
    const id = `aviso-${noticeCaseId}`;
    document.getElementById(id)?.remove();
    const notice = document.createElement('p');
    notice.id = id;
    notice.className = 'aviso aviso--error';
    notice.setAttribute('role', 'alert');
    notice.append('Urgente: hay una alerta nueva en una conversación que tienes. ');
    const link = document.createElement('a');
    link.href = `/casos/${encodeURIComponent(noticeCaseId)}`;
    link.textContent = 'Abrir la conversación';
    notice.append(link);
    document.getElementById('contenido')?.prepend(notice);
  }

  /**
   * Writes how many of her cases are urgent beside «Bandeja» in the menu (nothing when none), and
   * before the page's title, «(2) …», so a tab in the background shows it too.
   */
  const pageTitle = document.title;
  async function refreshUrgentCount() {
    const badge = document.getElementById('urgentes');
    if (!badge) return;
    const response = await fetch('/api/bandeja/urgentes', { headers: { accept: 'application/json' }, credentials: 'same-origin' }).catch(() => null);
    if (!response || !response.ok) return;
    const { urgent } = await response.json();
    badge.textContent = urgent === 1 ? '1 urgente' : `${urgent} urgentes`;
    badge.hidden = !(urgent > 0);
    document.title = urgent > 0 ? `(${urgent}) ${pageTitle}` : pageTitle;
  }

  /** Opens the live stream; `onEvent` gets `{ type, caseId }`, `onOpen` runs on every (re)connection. */
  function live(onEvent, onOpen) {
    const status = document.getElementById('en-vivo');
    const show = (state, text) => {
      if (!status) return;
      status.dataset.state = state;
      status.textContent = text;
    };
    const source = new EventSource('/events');
    source.addEventListener('open', () => {
      show('live', 'En vivo');
      serially('urgentes', refreshUrgentCount);
      onOpen();
    });
    source.addEventListener('error', () => show('reconnecting', 'Sin conexión; reconectando…'));
    source.addEventListener('case', (event) => {
      const data = JSON.parse(event.data);
      if (data.type === 'alert_raised' || data.type === 'attention_changed') serially('urgentes', refreshUrgentCount);
      onEvent(data);
    });
    source.addEventListener('aviso', (event) => showHolderNotice(JSON.parse(event.data).caseId));
    source.addEventListener('desconocidos', () => serially('desconocidos', refreshUnknownNotice));
    source.addEventListener('session_ended', () => {
      source.close();
      location.assign(`/login?siguiente=${encodeURIComponent(location.pathname)}`);
    });
  }

  // ---- Copy buttons (a session's video link) --------------------------------------------------------
  document.addEventListener('click', async (event) => {
    const button = event.target instanceof Element ? event.target.closest('[data-copiar]') : null;
    if (!button) return;
    const input = document.getElementById(button.dataset.copiar);
    const status = document.querySelector(`[data-copiado="${button.dataset.copiar}"]`);
    if (!input) return;
    try {
      await navigator.clipboard.writeText(input.value);
    } catch {
      input.select();
      document.execCommand?.('copy');
    }
    if (status) status.textContent = 'Enlace copiado.';
  });

  // ---- Person pickers: a search box that narrows a <select> (folio or alias) -----------------------
  // Each option's text holds the alias and the folio; what is typed keeps the options containing it.
  // When none of the listed ones match a case picker (`data-remoto="casos"`), the open cases are searched on the server (the inbox's search,
  // which never looks at phone numbers or messages) and the matches are added.
  function normalize(text) {
    return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
  }
  let pickerTimer;
  for (const input of document.querySelectorAll('input[data-filtra]')) {
    const select = document.getElementById(input.dataset.filtra);
    if (!select) continue;
    input.addEventListener('input', () => {
      const wanted = normalize(input.value);
      let shown = 0;
      let firstShown = null;
      for (const option of select.options) {
        if (!option.value) continue;
        const keep = wanted === '' || normalize(option.textContent).includes(wanted) || option.value.startsWith(wanted);
        option.hidden = !keep;
        if (keep) {
          shown += 1;
          firstShown ??= option;
        }
      }
      if (shown === 1 && firstShown) select.value = firstShown.value;
      clearTimeout(pickerTimer);
      if (shown === 0 && wanted.length >= 3 && input.dataset.remoto === 'casos') {
        pickerTimer = setTimeout(async () => {
          const response = await fetch(`/api/bandeja?q=${encodeURIComponent(input.value.trim())}`, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
          if (!response.ok) return;
          const data = await response.json();
          for (const row of data.sections.flatMap((section) => section.rows)) {
            if ([...select.options].some((o) => o.value === row.caseId)) continue;
            const option = document.createElement('option');
            option.value = row.caseId;
            option.textContent = row.folio ? `${row.alias} · folio ${row.folio}` : `${row.alias} · sin folio · caso ${row.caseId.slice(0, 8)}`;
            select.append(option);
          }
        }, 250);
      }
    });
  }

  // ---- Calendar ----------------------------------------------------------------------------------
  // ---- Every other page of a psychologist or a coordinator (Mis sesiones, reports, the import…) ----
  // Live too, for the menu's urgent count and the notice to whoever holds a chat: an emergency reaches
  // her wherever she is working, not only on the inbox, a case or the calendar.
  const LIVE_PAGES = ['inbox', 'case', 'calendar'];
  if (!LIVE_PAGES.includes(page) && page !== 'error' && document.getElementById('urgentes')) live(() => {}, () => {});

  if (page === 'calendar') {
    /** Replaces the grid shown with the server's current one (its own address, never a form's), keeping focus. */
    async function refreshCalendar() {
      const current = document.getElementById('calendario');
      if (!current) return;
      const markup = await getHtml(current.dataset.refresh || '/calendario');
      const fresh = markup && fragment(markup).querySelector('#calendario');
      if (!fresh) return;
      const focused = document.activeElement?.id;
      document.getElementById('calendario')?.replaceWith(fresh);
      if (focused) document.getElementById(focused)?.focus();
    }
    live(
      (event) => {
        if (event.type === 'appointment_changed') serially('calendario', refreshCalendar);
      },
      () => serially('calendario', refreshCalendar),
    );
    // Choosing the person redraws the grid with only the free slots that fit her safe hours too.
    document.getElementById('caso')?.addEventListener('change', (event) => {
      const current = document.getElementById('calendario');
      if (!current) return;
      const url = new URL(current.dataset.refresh || '/calendario', location.origin);
      if (event.target.value) url.searchParams.set('caso', event.target.value);
      else url.searchParams.delete('caso');
      current.dataset.refresh = url.pathname + url.search;
      serially('calendario', refreshCalendar);
    });
  }

  // ---- Inbox -------------------------------------------------------------------------------------
  // The inbox shown is a search (text, section, psychologist, page): on any change the same search is
  // asked again and its sections replace the old ones, so counts and pages stay right. Changes that
  // arrive while a refresh is under way are folded into one more refresh.
  function updateTitle() {
    const urgent = Number(document.querySelector('[data-section-count="urgent"]')?.dataset.n ?? '0');
    document.title = `${urgent > 0 ? `(${urgent}) ` : ''}Bandeja · Acompaña`;
  }

  async function refreshInbox() {
    const markup = await getHtml(`/api/bandeja${location.search}`);
    if (markup === null) return;
    const inbox = document.getElementById('bandeja');
    const before = new Set([...inbox.querySelectorAll('li.fila')].map((row) => row.id));
    const focused = inbox.contains(document.activeElement) ? document.activeElement.closest('li.fila')?.id : undefined;
    inbox.replaceChildren(fragment(markup));
    for (const row of inbox.querySelectorAll('li.fila')) if (!before.has(row.id)) row.classList.add('fila--nueva');
    if (focused) document.getElementById(focused)?.querySelector('a')?.focus();
    updateTitle();
  }

  /** Redraws the coordinators' count of numbers without a case to review (only on the inbox, where it shows). */
  async function refreshUnknownNotice() {
    const notice = document.getElementById('aviso-desconocidos');
    if (!notice) return;
    const markup = await getHtml('/api/desconocidos/aviso');
    if (markup !== null) notice.replaceChildren(fragment(markup));
  }

  let inboxRefreshQueued = false;
  function queueInboxRefresh() {
    if (inboxRefreshQueued) return;
    inboxRefreshQueued = true;
    serially('*', () => {
      inboxRefreshQueued = false;
      return refreshInbox();
    });
  }

  if (page === 'inbox') {
    updateTitle();
    live(queueInboxRefresh, queueInboxRefresh);
    document.addEventListener('keydown', (event) => {
      // "/" jumps to the search box, as in most inboxes (not while typing somewhere).
      const typing = event.target instanceof HTMLElement && event.target.closest('input, textarea, select, [contenteditable]');
      if (event.key === '/' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        document.getElementById('buscar')?.focus();
      }
    });
  }

  // ---- Conversation --------------------------------------------------------------------------------
  const caseId = document.body.dataset.caseId;

  function nearEnd(list) {
    return list.scrollHeight - list.scrollTop - list.clientHeight < 120;
  }

  async function refreshMessages() {
    const markup = await getHtml(`/api/casos/${caseId}/mensajes`);
    if (!markup) return;
    const list = document.getElementById('mensajes');
    const follow = nearEnd(list);
    const fresh = fragment(markup).firstElementChild;
    let added = false;
    for (const item of [...fresh.children]) {
      const existing = document.getElementById(item.id);
      if (existing) {
        if (existing.outerHTML !== item.outerHTML) existing.replaceWith(item);
      } else {
        if (item.id !== 'm-vacio') document.getElementById('m-vacio')?.remove();
        list.appendChild(item);
        added = true;
      }
    }
    if (added && follow) list.scrollTop = list.scrollHeight;
    refreshTimes(list);
  }

  /** A part's markup without its forms' CSRF tokens, which are new on every fetch. */
  function withoutTokens(element) {
    return element.outerHTML.replace(/ name="_csrf" value="[^"]*"/g, ' name="_csrf"');
  }

  /**
   * Replaces the state, actions and alerts parts (by id) that changed, keeping a message being typed
   * and the focus; an unchanged part stays, so a screen reader does not hear it again.
   */
  async function refreshControls() {
    const markup = await getHtml(`/api/casos/${caseId}/controles`);
    if (!markup) return;
    const draft = document.getElementById('texto')?.value ?? '';
    const focused = document.activeElement?.id;
    for (const part of [...fragment(markup).children]) {
      const current = document.getElementById(part.id);
      if (current && withoutTokens(current) !== withoutTokens(part)) current.replaceWith(part);
    }
    const textarea = document.getElementById('texto');
    if (textarea && draft) textarea.value = draft;
    if (focused) document.getElementById(focused)?.focus();
  }

  /** Replaces the check-in section after a change made in place. */
  async function refreshCheckIns() {
    const markup = await getHtml(`/api/casos/${caseId}/seguimientos`);
    if (!markup) return;
    document.getElementById('seguimientos')?.replaceWith(fragment(markup).firstElementChild);
  }

  if (page === 'case' && caseId) {
    const list = document.getElementById('mensajes');
    // Opens at the newest message; after "ver mensajes anteriores", at the message she was reading.
    const reading = location.hash.startsWith('#m-') ? document.getElementById(location.hash.slice(1)) : null;
    if (list && reading) list.scrollTop = reading.offsetTop - list.offsetTop - 48;
    else if (list) list.scrollTop = list.scrollHeight;
    live(
      (event) => {
        if (event.caseId !== caseId) return;
        serially('mensajes', refreshMessages);
        if (event.type === 'attention_changed' || event.type === 'alert_raised') serially('controles', refreshControls);
        // On the Cloud API a new message of hers reopens her 24-hour window: the text box replaces the
        // templates. While the case is urgent, a place she shares goes to the top of its open alerts.
        else if (event.type === 'contact_added' && (document.getElementById('ventana') || document.querySelector('.estado--urgente'))) {
          serially('controles', refreshControls);
        }
      },
      () => {
        serially('mensajes', refreshMessages);
        serially('controles', refreshControls);
      },
    );

    document.addEventListener('submit', async (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement)) return;
      if (form.id === 'redactor') {
        event.preventDefault();
        const error = document.getElementById('error-envio');
        const button = form.querySelector('button[type="submit"]');
        button.disabled = true;
        try {
          const result = await postForm(form);
          // A word of the deny list: the refusal names it and the checkbox to send it anyway shows.
          const deniedWordBox = document.getElementById('casilla-palabra-mensaje');
          if (result.ok) {
            form.reset();
            error.hidden = true;
            if (deniedWordBox) deniedWordBox.hidden = true;
            serially('mensajes', refreshMessages);
          } else {
            error.textContent = result.data.message ?? 'No se pudo enviar.';
            error.hidden = false;
            if (deniedWordBox && result.data.error === 'denied_word') deniedWordBox.hidden = false;
          }
        } finally {
          button.disabled = false;
          document.getElementById('texto')?.focus();
        }
      }
      if (form.hasAttribute('data-seguimiento')) {
        event.preventDefault();
        const result = await postForm(form);
        if (result.ok) {
          await serially('seguimientos', refreshCheckIns);
          document.getElementById('titulo-seguimientos')?.focus();
        } else {
          const error = document.getElementById('error-seguimientos');
          error.textContent = result.data.message ?? 'No se pudo guardar el seguimiento.';
          error.hidden = false;
          form.querySelector('select, input:not([type="hidden"])')?.focus();
        }
      }
      if (form.id === 'revelar') {
        event.preventDefault();
        const output = document.getElementById('telefono');
        const result = await postForm(form);
        output.textContent = result.ok ? result.data.phone : (result.data.message ?? 'No se pudo mostrar.');
        if (result.ok) form.querySelector('#motivo').value = '';
      }
    });

    document.addEventListener('keydown', (event) => {
      // Ctrl+Enter (or ⌘+Enter) sends from the message box.
      if (event.target?.id === 'texto' && event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        document.getElementById('redactor')?.requestSubmit();
      }
    });
  }
})();

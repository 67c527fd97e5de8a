/**
 * A tiny HTML builder: `html` is a tagged template whose interpolations are escaped unless they are
 * already {@link SafeHtml} (built by `html` itself). Arrays are joined; `null`, `undefined` and
 * `false` render nothing, so `${cond && html`…`}` works.
 *
 * @example
 * const alias = '<b>Luz</b>';
 * html`<p title="${alias}">${alias}</p>`.toString(); // '<p title="&lt;b&gt;Luz&lt;/b&gt;">&lt;b&gt;Luz&lt;/b&gt;</p>'
 * html`<ul>${['a', 'b'].map((x) => html`<li>${x}</li>`)}</ul>`.toString(); // '<ul><li>a</li><li>b</li></ul>'
 */
export class SafeHtml {
  constructor(private readonly value: string) {}
  /** The markup. */
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Escapes text for use in element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

/** Renders one interpolated value. */
function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/** Builds escaped HTML from a template literal (see {@link SafeHtml}). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i += 1) out += render(values[i]) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** JSON to embed in `<script type="application/json">`: `<` is escaped so nothing can close the element. */
export function embeddedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

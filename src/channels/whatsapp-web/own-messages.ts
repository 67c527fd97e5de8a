/** How long a send in flight is expected to echo back as a `fromMe` message. */
const EXPECT_FOR_MS = 60_000;
/** How many sent message ids are remembered. */
const REMEMBER = 5_000;

/**
 * Tells the service's own sends apart from messages a person types on the linked phone: both come
 * back as `fromMe` messages. A send is announced before it starts (its id is not known until the
 * library returns, and the echo can come first) and confirmed with its id after. An echo is ours when
 * its id was confirmed, or when it carries the text of a send in flight (sends are paced one at a time,
 * so at most one is in flight; the chat id is not compared, as WhatsApp may echo a `@lid` for a
 * number it was sent to).
 */
export class OwnMessages {
  private readonly ids = new Set<string>();
  private readonly inFlight = new Map<number, { text: string; until: number; id?: string }>();
  private next = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Announces a send of `text`; returns a ticket for {@link confirm} or {@link abandon}. */
  expect(text: string): number {
    const ticket = this.next++;
    this.inFlight.set(ticket, { text: normalize(text), until: this.now() + EXPECT_FOR_MS });
    return ticket;
  }

  /** The send went out as message `id`. */
  confirm(ticket: number, id: string): void {
    this.inFlight.delete(ticket);
    this.remember(id);
  }

  /** The send failed; an echo may still arrive for a while, so the text stays expected until it expires. */
  abandon(ticket: number): void {
    const entry = this.inFlight.get(ticket);
    if (entry) entry.until = Math.min(entry.until, this.now() + EXPECT_FOR_MS);
  }

  /** Whether a `fromMe` message with this id and text is one of the service's own sends. */
  isOwn(id: string, text: string): boolean {
    if (this.ids.has(id)) return true;
    const now = this.now();
    const wanted = normalize(text);
    for (const [ticket, entry] of this.inFlight) {
      if (entry.until < now) {
        this.inFlight.delete(ticket);
        continue;
      }
      if (entry.text === wanted) {
        this.inFlight.delete(ticket);
        this.remember(id);
        return true;
      }
    }
    return false;
  }

  private remember(id: string): void {
    this.ids.add(id);
    if (this.ids.size > REMEMBER) this.ids.delete(this.ids.values().next().value!);
  }
}

function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ChangeEvent } from '#shared/events/change-events.js';
import type { LocalEventLog } from '#shared/events/publish.js';

/** The most events `GET /_local/events` lists at once. */
const MAX_LISTED = 500;

/**
 * Local mode's stand-in for the region's EventBridge bus: keeps exactly what
 * would be put on it, in a JSON-lines file under DATA_DIR or in memory, for
 * `GET /_local/events?tenantId=`. A stream retry may append an event twice,
 * as the bus may deliver it twice; the list shows each id once.
 */
export class EventLog implements LocalEventLog {
  private readonly memory: ChangeEvent[] = [];

  constructor(private readonly file: string | undefined) {
    if (file) mkdirSync(dirname(file), { recursive: true });
  }

  append(events: readonly ChangeEvent[]): void {
    if (this.file) appendFileSync(this.file, events.map((event) => `${JSON.stringify(event)}\n`).join(''));
    else this.memory.push(...events);
  }

  /** Newest first, each event once. */
  list(tenantId?: string): ChangeEvent[] {
    const all = this.file ? this.readFile() : this.memory;
    const seen = new Set<string>();
    const listed: ChangeEvent[] = [];
    for (let index = all.length - 1; index >= 0 && listed.length < MAX_LISTED; index -= 1) {
      const event = all[index] as ChangeEvent;
      if ((tenantId && event.tenantId !== tenantId) || seen.has(event.id)) continue;
      seen.add(event.id);
      listed.push(event);
    }
    return listed;
  }

  private readFile(): ChangeEvent[] {
    if (!this.file || !existsSync(this.file)) return [];
    return readFileSync(this.file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as ChangeEvent);
  }
}

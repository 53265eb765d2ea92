import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { config } from '../config.js';
import type { ChangeEvent } from './change-events.js';

/** The `source` of every event StaffGate puts on its bus: hosts' rules match on it. */
export const EVENT_SOURCE = 'staffgate';
/** PutEvents takes at most 10 entries a call. */
const PUT_EVENTS_BATCH = 10;

/** Local mode's stand-in for the bus: the local event log behind `GET /_local/events`. */
export interface LocalEventLog {
  append(events: readonly ChangeEvent[]): void;
}

let localLog: LocalEventLog | undefined;

export function useLocalEventLog(log: LocalEventLog): void {
  localLog = log;
}

export class EventsNotPutError extends Error {
  constructor(readonly failed: readonly ChangeEvent[]) {
    super(`${failed.length} change event(s) were not put on the bus`);
    this.name = 'EventsNotPutError';
  }
}

/**
 * Puts change events on the region's bus (`staffgate-<region>`), in order,
 * ten at a time. PutEvents may accept some entries of a call and refuse
 * others: the refused ones, and everything after the first of them, are
 * reported so the stream retries from there (at least once: a consumer may
 * see an event twice and de-duplicates by `id`).
 */
export async function publishEvents(events: readonly ChangeEvent[]): Promise<void> {
  if (events.length === 0) return;
  const busName = config().eventBusName;
  if (!busName) {
    if (!localLog) throw new Error('No event bus configured: set EVENT_BUS_NAME');
    localLog.append(events);
    return;
  }
  const { eventBridge } = await import('../clients/eventbridge.js');
  for (let start = 0; start < events.length; start += PUT_EVENTS_BATCH) {
    const batch = events.slice(start, start + PUT_EVENTS_BATCH);
    const { Entries = [], FailedEntryCount = 0 } = await eventBridge.send(
      new PutEventsCommand({
        Entries: batch.map((event) => ({
          EventBusName: busName,
          Source: EVENT_SOURCE,
          DetailType: event.type,
          Time: new Date(event.occurredAt),
          Resources: [],
          Detail: JSON.stringify(event),
        })),
      }),
    );
    if (FailedEntryCount > 0) {
      const firstFailed = Entries.findIndex((entry) => entry.ErrorCode !== undefined);
      throw new EventsNotPutError(events.slice(start + Math.max(firstFailed, 0)));
    }
  }
}

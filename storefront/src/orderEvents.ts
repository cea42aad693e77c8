import { EventSourceParserStream } from 'eventsource-parser/stream';
import { cartApi, type StateChange } from './api';

/** One state of an order as its stream sends it. */
export interface OrderState {
  seq: number;
  change: StateChange;
}

/**
 * Follows {@code GET /api/orders/{id}/events} until the order reaches a final state or {@code signal} aborts. The
 * stream needs the bearer token, which the browser's EventSource cannot send: the generated client reads it as a
 * byte stream and eventsource-parser splits the events. A dropped stream is opened again with the last id seen as
 * Last-Event-ID, after a pause that grows; an answer that is no stream (404, 401) ends the following.
 */
export async function followOrder(
  id: string,
  onState: (state: OrderState) => void,
  signal: AbortSignal,
): Promise<void> {
  let lastSeen = 0;
  let pause = 500;
  while (!signal.aborted) {
    try {
      const { response } = await cartApi.GET('/api/orders/{id}/events', {
        params: { path: { id }, header: lastSeen > 0 ? { 'Last-Event-ID': lastSeen } : {} },
        headers: { Accept: 'text/event-stream' },
        parseAs: 'stream',
        signal,
      });
      if (!response.ok || !response.body) {
        if (response.status === 429 || response.status === 503) {
          await wait(Number(response.headers.get('Retry-After') ?? 5) * 1000, signal);
          continue;
        }
        return;
      }
      const events = response.body
        .pipeThrough(new TextDecoderStream())
        .pipeThrough(new EventSourceParserStream())
        .getReader();
      for (let next = await events.read(); !next.done; next = await events.read()) {
        const event = next.value;
        if (event.event === 'state') {
          lastSeen = Number(event.id);
          onState({ seq: lastSeen, change: JSON.parse(event.data) as StateChange });
          pause = 500;
        }
      }
      return; // the server ended the stream: the order reached a final state
    } catch (failure) {
      if (signal.aborted) {
        return;
      }
      console.warn('The order stream broke; opening it again', failure);
      await wait(pause, signal);
      pause = Math.min(pause * 2, 10_000);
    }
  }
}

function wait(millis: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, millis);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

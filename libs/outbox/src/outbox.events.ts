/**
 * The catalogue of outbox topics: topic -> payload type (immich's EventMap is the model).
 * `Outbox.emit` and `OutboxRelay.register` are typed from it, so a topic missing here does not
 * compile ("not assignable to parameter of type 'keyof OutboxEvents'") and a handler's
 * `message.payload` has its topic's type, no cast.
 *
 * Each lib declares the topics it emits, next to their payload types, in its `<lib>.events.ts`:
 *
 *     export const THING_CHANGED_TOPIC = 'thing.changed';
 *     export interface ThingChangedPayload { id: string }
 *     declare module '#libs/outbox' {
 *       interface OutboxEvents {
 *         [THING_CHANGED_TOPIC]: ThingChangedPayload;
 *       }
 *     }
 *
 * Emitters and handlers name a topic by that constant (import it from the emitting lib). A lib
 * below the emitter in the layering cannot import it: it names the topic by its key here, typed
 * `keyof OutboxEvents` (so a typo or a renamed topic fails to compile). "Who reacts to X": find
 * the references of X's constant or of its key in this interface.
 *
 * Payloads are stored as JSON: strings, numbers, booleans, null, arrays and plain objects only
 * (a Date arrives as a string).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging in each emitting lib
export interface OutboxEvents {}

export type OutboxTopic = keyof OutboxEvents;

/**
 * A delivered message of topic `T`; for a union of topics, the union of their messages
 * (narrow it with `switch (message.topic)`).
 */
export type OutboxMessage<T extends OutboxTopic = OutboxTopic> = {
  [K in T]: { id: string; topic: K; payload: OutboxEvents[K]; attempts: number; createdAt: Date };
}[T];

/**
 * A consumer of one topic. `handle` must be idempotent per message id (it may run again after
 * a crash between its side effect and the mark): use `message.id` as the idempotency key.
 */
export interface OutboxHandler<T extends OutboxTopic = OutboxTopic> {
  /** Unique and stable: progress is recorded under this name. */
  name: string;
  topic: T;
  handle(message: OutboxMessage<T>): Promise<void>;
}

/** A topic with its payload (one element of `Outbox.emitMany`). */
export type OutboxEnvelope<T extends OutboxTopic = OutboxTopic> = { [K in T]: { topic: K; payload: OutboxEvents[K] } }[T];

/** A handler per topic of `topics`, each typed by its own topic. */
export type OutboxHandlers<T extends OutboxTopic> = { [K in T]: OutboxHandler<K> }[T];

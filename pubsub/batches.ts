// Topics whose message may carry several events: a heartbeat batch publishes a company's (and an
// environment's) events of the whole batch as one message, not one PUBLISH per event, so a batch
// of 100 heartbeats with their state entries and lease renewals costs a few messages per topic.
import { Repeater } from "graphql-yoga";

/**
 * The events of a topic one by one, whether a message held one or an array of them. A Repeater
 * (as yoga's own map and filter are), not an async generator: closing it returns the source at
 * once, even while no message comes, so an idle subscription's listener goes when it does.
 */
export function eachEvent<T>(source: AsyncIterable<T | T[]>): AsyncIterable<T> {
  return new Repeater<T>(async (push, stop) => {
    const messages = source[Symbol.asyncIterator]();
    void stop.then(() => messages.return?.());
    for (let message = await messages.next(); !message.done; message = await messages.next()) {
      for (const event of Array.isArray(message.value) ? message.value : [message.value]) await push(event);
    }
    stop();
  });
}

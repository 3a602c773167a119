// @ts-check
// One send at a time per zeromq socket, in order, for everything the tslab kernel sends.
'use strict';

// tslab 1.0.22's ZmqMessage.signAndSend calls zeromq 6's async `send` without awaiting it, and zeromq.js 6
// (6.8.0 here) throws EBUSY ("Socket is busy writing") on a second send while one is in flight (zeromq.js
// issues #381, #427). Stream output, tslab's display and lib's live updates all share the IOPub socket, so a
// burst of large outputs used to throw into whichever cell happened to write next.
const SERIALISED = Symbol.for('fashion-mnist-denoising.serialised-send');

/**
 * Replaces `send` on zeromq's `Socket.prototype` with one that starts at once when the socket is idle (as before)
 * and otherwise queues behind the socket's previous message. A send that fails is passed to `report` and
 * resolves, so no caller (tslab never awaits) has it thrown. `close` waits for the queue, so the last messages
 * of a shutdown (tslab sends its final status, then closes at once) still go out; zeromq defines `close` on
 * `Socket.prototype` as non-configurable, so the wrapper goes on each socket type's own prototype.
 * Idempotent: returns false when the module was already serialised.
 * @param {{ Socket: { prototype: any, name?: string } } & Record<string, unknown>} zeromq the zeromq module
 * @param {(error: unknown, socket: unknown) => void} report
 * @returns {boolean}
 */
function serialiseSends(zeromq, report) {
  const prototype = zeromq.Socket.prototype;
  if (prototype[SERIALISED]) return false;
  const { send, close } = prototype;
  if (typeof send !== 'function' || typeof close !== 'function') {
    throw new Error(`zeromq's Socket has send: ${typeof send}, close: ${typeof close}; expected zeromq 6's async socket`);
  }
  const socketTypes = Object.values(zeromq).filter(
    /** @returns {value is { prototype: object }} */ (value) => typeof value === 'function' && value.prototype instanceof zeromq.Socket,
  );
  /** The last queued send of each socket with sends in flight. @type {WeakMap<object, Promise<void>>} */
  const inFlight = new WeakMap();

  /** @this {object} @param {unknown} message @returns {Promise<void>} */
  function serialisedSend(message) {
    const start = () => {
      try {
        return Promise.resolve(send.call(this, message));
      } catch (error) {
        return Promise.reject(error);
      }
    };
    const previous = inFlight.get(this);
    const sent = (previous === undefined ? start() : previous.then(start)).then(
      () => undefined,
      (error) => report(error, this),
    );
    inFlight.set(this, sent);
    void sent.then(() => {
      if (inFlight.get(this) === sent) inFlight.delete(this);
    });
    return sent;
  }

  /** @this {object} */
  function closeAfterSends() {
    const previous = inFlight.get(this);
    if (previous === undefined) return close.call(this);
    void previous.then(() => close.call(this));
  }

  Object.defineProperty(prototype, 'send', { value: serialisedSend, writable: false, enumerable: false, configurable: true });
  for (const socketType of socketTypes) {
    Object.defineProperty(socketType.prototype, 'close', { value: closeAfterSends, writable: false, enumerable: false, configurable: true });
  }
  prototype[SERIALISED] = true;
  return true;
}

module.exports = { serialiseSends, SERIALISED };

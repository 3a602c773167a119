// Types of serial-send.cjs.
export declare function serialiseSends(zeromq: { Socket: { prototype: object } }, report: (error: unknown, socket: unknown) => void): boolean;
/** Marks a socket class whose sends are serialised. */
export declare const SERIALISED: unique symbol;

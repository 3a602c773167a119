// Types of converter-timers.cjs.
export declare const KNOWN_TSLAB_VERSIONS: readonly string[];
export declare class KernelPatchError extends Error {}
export declare function patchConverterSource(source: string, version: string): string;

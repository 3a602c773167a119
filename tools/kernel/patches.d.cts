// Types of patches.cjs (plain JavaScript: the kernel loads it with `node --require`, before any TypeScript tooling).
/** Lines the kernel writes on its own stderr start with this. */
export declare const KERNEL_REPORT_PREFIX: string;
/** Checks that the kernel's fixes apply to the installed tslab and zeromq; returns a one-line summary. */
export declare function checkKernelPatches(projectRoot?: string): string;
export declare function installKernelPatches(projectRoot?: string): void;

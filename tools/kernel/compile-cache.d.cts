// Types of compile-cache.cjs.
export declare const CACHE_FORMAT: number;
export interface SideOutput { path: string; data: string }
export interface FileOutput { files: SideOutput[]; lastExpressionVar?: string }
export interface Entry { format: number; key: string; checked: string[]; outputs: Record<string, FileOutput> }
interface SourceFileLike { fileName: string; text: string; resolvedModules?: unknown; resolvedTypeReferenceDirectiveNames?: unknown }
interface ProgramLike { getSourceFiles(): readonly SourceFileLike[]; getCompilerOptions(): object; getAutomaticTypeDirectiveResolutions?(): unknown }
/** `TSLAB_COMPILE_CACHE_DIR`, or `.cache/tslab-compile` under the project. */
export declare function compileCacheDir(projectRoot: string, env?: NodeJS.ProcessEnv): string;
export declare function programKey(program: ProgramLike, cellFiles: ReadonlySet<string>, salt: string): string;
/** The entry under `key`, or undefined when it is missing, unreadable, or not whole. */
export declare function readEntry(dir: string, key: string): Entry | undefined;
export declare function writeEntry(dir: string, entry: Entry): void;
export declare function pruneEntries(dir: string, keep?: number): void;
export declare function patchConverterForCache(source: string, version: string): string;
export declare function installCompileCache(projectRoot: string, report: (line: string) => void, env?: NodeJS.ProcessEnv): void;
export declare function createCompileCache(options: { dir: string; salt: string; cellFiles: ReadonlySet<string>; report: (line: string) => void; eventsFile?: string }): { lookup: (...args: never[]) => unknown };
export declare function compileCacheForConverter(cellFiles: ReadonlySet<string>, salt: string): ReturnType<typeof createCompileCache>;

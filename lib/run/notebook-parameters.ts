// The parameters every notebook takes: one contract for its `parameters` cell, the runner's injected cell and lib.

export interface NotebookParameters {
  /** The preset the configuration starts from (PRESET_NAMES of lib/config/presets.ts). @default 'default' */
  readonly preset: string;
  /** 'full', or 'smoke': 1000 training images and 1 epoch, to check a change in a minute. @default 'full' */
  readonly profile: string;
  /** Where this run's models and results live; relative paths are taken from the project root. @default 'runs/interactive' */
  readonly runDir: string;
  /** Overrides by dotted name, e.g. `{ 'noise.level': 0.4 }` (lib/config/schema.ts). @default {} */
  readonly set: Readonly<Record<string, unknown>>;
  /** False: train every model anew instead of reusing one from the model cache (`npm start -- --no-cache`). @default true */
  readonly cache: boolean;
  /**
   * Which runs notebook 08 compares: 'complete' (every complete run under runs/, and this one) or a folder under
   * runs/ such as 'sweeps/<id>' (`npm start -- --compare …`); the other notebooks ignore it. @default 'complete'
   */
  readonly compare: string;
}

/** What a notebook run alone in JupyterLab uses for any parameter its `parameters` cell leaves out. */
export const DEFAULT_NOTEBOOK_PARAMETERS: NotebookParameters = {
  preset: 'default',
  profile: 'full',
  runDir: 'runs/interactive',
  set: {},
  cache: true,
  compare: 'complete',
};

/** The given parameters with the defaults filled in, so a parameter added here needs no notebook edited. */
export function completeParameters(given: Partial<NotebookParameters>): NotebookParameters {
  const defined = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
  return { ...DEFAULT_NOTEBOOK_PARAMETERS, ...defined };
}

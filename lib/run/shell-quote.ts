// Commands the project prints for users to paste: the runner's resume line, a sweep's points, a refused model's remedy.

/** `word` as one shell word: bare when it is plain, single-quoted otherwise. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
